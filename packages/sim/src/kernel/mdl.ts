/**
 * MDLs in memory, and the MDL services: IoAllocateMdl, IoFreeMdl, NdisAllocateMdl,
 * NdisFreeMdl, MmBuildMdlForNonPagedPool, MmGetSystemAddressForMdlSafe.
 */
import {
  checkPointer,
  checkSize,
  MDL_MAPPING_FLAGS, MdlFlag, PAGE_SHIFT, PAGE_SIZE, PFN_SIZE, MDL_HEADER_SIZE, byteOffset, decodeMdl, encodeMdl,
  mdlSize, mdlVirtualAddress, pageAlign, pagesSpanned, type KernelServices, type Mdl, type Pointer,
} from '@ddikit/types';
import type { AddressSpace } from '../address-space.js';
import type { SimContext } from '../context.js';
import { blockEvidence } from '../ledger.js';
import { irqlAllows, obtainKernelBlock } from './allocate.js';
import { freeKernelBlock } from './free.js';

/**
 * MDL.Size is a CSHORT: an MDL over more pages than it can count cannot be built, and the
 * MDL services return NULL for it (about 16 MiB of data).
 */
export const MAX_MDL_SIZE = 0x7fff;

export function readMdl(space: AddressSpace, mdl: Pointer): Mdl {
  return decodeMdl(space.read(mdl, MDL_HEADER_SIZE));
}

export function writeMdl(space: AddressSpace, mdl: Pointer, fields: Mdl): void {
  space.write(mdl, encodeMdl(fields));
}

/** MmInitializeMdl: an MDL describing [va, va + length), not yet built or mapped. */
export function initializeMdl(space: AddressSpace, mdl: Pointer, va: Pointer, length: number): void {
  writeMdl(space, mdl, {
    next: 0n, size: mdlSize(va, length), mdlFlags: 0, process: 0n, mappedSystemVa: 0n,
    startVa: pageAlign(va), byteOffset: byteOffset(va), byteCount: length,
  });
}

/** What MmBuildMdlForNonPagedPool does to an MDL over nonpaged memory: PFNs, mapping, flag. */
export function buildMdl(space: AddressSpace, mdl: Pointer): void {
  const fields = readMdl(space, mdl);
  const va = mdlVirtualAddress(fields);
  const pages = pagesSpanned(va, fields.byteCount);
  const pfns = new DataView(new ArrayBuffer(pages * PFN_SIZE));
  const firstPage = fields.startVa >> BigInt(PAGE_SHIFT);
  for (let i = 0; i < pages; i++) pfns.setBigUint64(i * PFN_SIZE, firstPage + BigInt(i), true);
  space.write(mdl + BigInt(MDL_HEADER_SIZE), new Uint8Array(pfns.buffer));
  writeMdl(space, mdl, { ...fields, mappedSystemVa: va, mdlFlags: fields.mdlFlags | MdlFlag.MDL_SOURCE_IS_NONPAGED_POOL });
}

type MdlServices = Pick<
  KernelServices,
  'ioAllocateMdl' | 'ioFreeMdl' | 'ndisAllocateMdl' | 'ndisFreeMdl' | 'mmBuildMdlForNonPagedPool' | 'mmGetSystemAddressForMdlSafe'
>;

export function createMdlServices(ctx: SimContext): MdlServices {
  /** An MDL alone, as IoAllocateMdl and NdisAllocateMdl make it: NULL for an empty or unrepresentable range. */
  const allocateMdl = (service: string, allocator: 'io-mdl' | 'ndis-mdl', va: Pointer, length: number): Pointer => {
    checkPointer(va, 'VirtualAddress');
    checkSize(length, 'Length');
    if (!irqlAllows(ctx, { service, paged: false })) return 0n;
    const size = mdlSize(va, length);
    if (length === 0 || size > MAX_MDL_SIZE) return 0n;
    const record = obtainKernelBlock(ctx, service, { allocator, size, callerBytes: size, paged: false });
    if (!record) return 0n;
    initializeMdl(ctx.space, record.allocation.address, va, length);
    return record.allocation.address;
  };

  /** MmBuildMdlForNonPagedPool's rule: the range must not lie in pageable memory. */
  const buildForNonPagedPool = (service: string, mdl: Pointer) => {
    const fields = readMdl(ctx.space, mdl);
    const paged = ctx.heap.liveOverlapping(mdlVirtualAddress(fields), fields.byteCount).find((r) => r.allocation.paged);
    if (paged) {
      ctx.log.report('MDL_BUILT_FOR_PAGED_POOL', { service, irql: ctx.irql.current, ...blockEvidence(paged) });
      return;
    }
    buildMdl(ctx.space, mdl);
  };

  return {
    ioAllocateMdl(virtualAddress, length) {
      return allocateMdl('IoAllocateMdl', 'io-mdl', virtualAddress, length);
    },

    ioFreeMdl(mdl) {
      freeKernelBlock(ctx, { service: 'IoFreeMdl', allocator: 'io-mdl', aboveDispatch: 'NONPAGED_FREE_ABOVE_DISPATCH' }, checkPointer(mdl, 'Mdl'));
    },

    ndisAllocateMdl(virtualAddress, length) {
      const mdl = allocateMdl('NdisAllocateMdl', 'ndis-mdl', virtualAddress, length);
      if (mdl !== 0n) buildForNonPagedPool('NdisAllocateMdl', mdl);
      return mdl;
    },

    ndisFreeMdl(mdl) {
      freeKernelBlock(ctx, { service: 'NdisFreeMdl', allocator: 'ndis-mdl', aboveDispatch: 'NONPAGED_FREE_ABOVE_DISPATCH' }, checkPointer(mdl, 'Mdl'));
    },

    mmBuildMdlForNonPagedPool(mdl) {
      const service = 'MmBuildMdlForNonPagedPool';
      checkPointer(mdl, 'MemoryDescriptorList');
      if (!irqlAllows(ctx, { service, paged: false })) return;
      buildForNonPagedPool(service, mdl);
    },

    mmGetSystemAddressForMdlSafe(mdl, priority) {
      checkPointer(mdl, 'Mdl');
      checkSize(priority, 'Priority');
      const fields = readMdl(ctx.space, mdl);
      if (fields.mdlFlags & MDL_MAPPING_FLAGS) return fields.mappedSystemVa;
      // Not mapped yet: map it where it already is (the sim has one address space).
      const mappedSystemVa = mdlVirtualAddress(fields);
      writeMdl(ctx.space, mdl, { ...fields, mappedSystemVa, mdlFlags: fields.mdlFlags | MdlFlag.MDL_MAPPED_TO_SYSTEM_VA });
      return mappedSystemVa;
    },
  };
}

/** The largest MDL (header and PFNs) that can describe `length` bytes starting anywhere in a page. */
export function worstCaseMdlSize(length: number): number {
  return MDL_HEADER_SIZE + PFN_SIZE * Math.floor((PAGE_SIZE - 1 + length + PAGE_SIZE - 1) / PAGE_SIZE);
}
