import type { Pointer } from './pointer.js';

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;

/** sizeof(MDL) on x64, before the PFN array. */
export const MDL_HEADER_SIZE = 48;
/** sizeof(PFN_NUMBER) on x64. */
export const PFN_SIZE = 8;

/** Field offsets of the x64 MDL. */
export const MdlOffset = {
  Next: 0x00,
  Size: 0x08,
  MdlFlags: 0x0a,
  Process: 0x10,
  MappedSystemVa: 0x18,
  StartVa: 0x20,
  ByteCount: 0x28,
  ByteOffset: 0x2c,
} as const;

export const MdlFlag = {
  MDL_MAPPED_TO_SYSTEM_VA: 0x0001,
  MDL_PAGES_LOCKED: 0x0002,
  MDL_SOURCE_IS_NONPAGED_POOL: 0x0004,
  MDL_ALLOCATED_FIXED_SIZE: 0x0008,
  MDL_PARTIAL: 0x0010,
  MDL_PARTIAL_HAS_BEEN_MAPPED: 0x0020,
  MDL_IO_PAGE_READ: 0x0040,
  MDL_WRITE_OPERATION: 0x0080,
  MDL_PARENT_MAPPED_SYSTEM_VA: 0x0100,
  MDL_FREE_EXTRA_PTES: 0x0200,
  MDL_DESCRIBES_AWE: 0x0400,
  MDL_IO_SPACE: 0x0800,
  MDL_NETWORK_HEADER: 0x1000,
  MDL_MAPPING_CAN_FAIL: 0x2000,
  MDL_ALLOCATED_MUST_SUCCEED: 0x4000,
  MDL_INTERNAL: 0x8000,
} as const;

/** Either flag means MappedSystemVa is valid (MmGetSystemAddressForMdlSafe returns it). */
export const MDL_MAPPING_FLAGS = MdlFlag.MDL_MAPPED_TO_SYSTEM_VA | MdlFlag.MDL_SOURCE_IS_NONPAGED_POOL;

/** BYTE_OFFSET(Va). */
export function byteOffset(va: Pointer): number {
  return Number(va & BigInt(PAGE_SIZE - 1));
}

/** PAGE_ALIGN(Va). */
export function pageAlign(va: Pointer): Pointer {
  return va & ~BigInt(PAGE_SIZE - 1);
}

/** ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size). */
export function pagesSpanned(va: Pointer, size: number): number {
  return Math.floor((byteOffset(va) + size + PAGE_SIZE - 1) / PAGE_SIZE);
}

/** MmSizeOfMdl(Base, Length): the MDL header plus one PFN per page the range touches. */
export function mdlSize(va: Pointer, byteCount: number): number {
  return MDL_HEADER_SIZE + PFN_SIZE * pagesSpanned(va, byteCount);
}

/** An MDL as read from memory. */
export interface Mdl {
  next: Pointer;
  size: number;
  mdlFlags: number;
  process: Pointer;
  mappedSystemVa: Pointer;
  startVa: Pointer;
  byteCount: number;
  byteOffset: number;
}

/** Decodes the 48-byte x64 MDL header. */
export function decodeMdl(bytes: Uint8Array): Mdl {
  if (bytes.length < MDL_HEADER_SIZE) throw new RangeError(`an MDL header is ${MDL_HEADER_SIZE} bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    next: view.getBigUint64(MdlOffset.Next, true),
    size: view.getInt16(MdlOffset.Size, true),
    mdlFlags: view.getUint16(MdlOffset.MdlFlags, true),
    process: view.getBigUint64(MdlOffset.Process, true),
    mappedSystemVa: view.getBigUint64(MdlOffset.MappedSystemVa, true),
    startVa: view.getBigUint64(MdlOffset.StartVa, true),
    byteCount: view.getUint32(MdlOffset.ByteCount, true),
    byteOffset: view.getUint32(MdlOffset.ByteOffset, true),
  };
}

/** Encodes an MDL header (the inverse of decodeMdl). */
export function encodeMdl(mdl: Mdl): Uint8Array {
  const bytes = new Uint8Array(MDL_HEADER_SIZE);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(MdlOffset.Next, mdl.next, true);
  view.setInt16(MdlOffset.Size, mdl.size, true);
  view.setUint16(MdlOffset.MdlFlags, mdl.mdlFlags, true);
  view.setBigUint64(MdlOffset.Process, mdl.process, true);
  view.setBigUint64(MdlOffset.MappedSystemVa, mdl.mappedSystemVa, true);
  view.setBigUint64(MdlOffset.StartVa, mdl.startVa, true);
  view.setUint32(MdlOffset.ByteCount, mdl.byteCount, true);
  view.setUint32(MdlOffset.ByteOffset, mdl.byteOffset, true);
  return bytes;
}

/** MmGetMdlVirtualAddress(Mdl). */
export function mdlVirtualAddress(mdl: Mdl): Pointer {
  return mdl.startVa + BigInt(mdl.byteOffset);
}
