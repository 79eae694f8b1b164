/** Typed little-endian reads and writes over any backend's MemoryAccess. */
import type { MemoryAccess, NetBufferData } from './backend.js';
import { NET_BUFFER_SIZE, NetBufferOffset, WCHAR_SIZE } from './abi.js';
import type { Pointer } from './pointer.js';

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export function readUint16(memory: MemoryAccess, address: Pointer): number {
  return view(memory.read(address, 2)).getUint16(0, true);
}

export function readUint32(memory: MemoryAccess, address: Pointer): number {
  return view(memory.read(address, 4)).getUint32(0, true);
}

export function writeUint32(memory: MemoryAccess, address: Pointer, value: number): void {
  const bytes = new Uint8Array(4);
  view(bytes).setUint32(0, value >>> 0, true);
  memory.write(address, bytes);
}

export function readPointer(memory: MemoryAccess, address: Pointer): Pointer {
  return view(memory.read(address, 8)).getBigUint64(0, true);
}

export function writePointer(memory: MemoryAccess, address: Pointer, value: Pointer): void {
  const bytes = new Uint8Array(8);
  view(bytes).setBigUint64(0, value, true);
  memory.write(address, bytes);
}

/** Encodes text as a NUL-terminated UTF-16LE string (an LPWSTR's bytes). */
export function encodeUtf16z(text: string): Uint8Array {
  const bytes = new Uint8Array((text.length + 1) * WCHAR_SIZE);
  for (let i = 0; i < text.length; i++) view(bytes).setUint16(i * WCHAR_SIZE, text.charCodeAt(i), true);
  return bytes;
}

/**
 * Reads an LPWSTR. Stops at the NUL, or after `maxChars` characters; `terminated` says
 * which, so a caller can tell a string that runs off the end of its buffer.
 */
export function readUtf16z(memory: MemoryAccess, address: Pointer, maxChars: number): { text: string; terminated: boolean } {
  const units: number[] = [];
  for (let i = 0; i < maxChars; i++) {
    const unit = readUint16(memory, address + BigInt(i * WCHAR_SIZE));
    if (unit === 0) return { text: String.fromCharCode(...units), terminated: true };
    units.push(unit);
  }
  return { text: String.fromCharCode(...units), terminated: false };
}

export function decodeNetBuffer(bytes: Uint8Array): NetBufferData {
  if (bytes.length < NET_BUFFER_SIZE) throw new RangeError(`a NET_BUFFER header is ${NET_BUFFER_SIZE} bytes, got ${bytes.length}`);
  const v = view(bytes);
  return {
    next: v.getBigUint64(NetBufferOffset.Next, true),
    currentMdl: v.getBigUint64(NetBufferOffset.CurrentMdl, true),
    currentMdlOffset: v.getUint32(NetBufferOffset.CurrentMdlOffset, true),
    dataLength: v.getUint32(NetBufferOffset.DataLength, true),
    mdlChain: v.getBigUint64(NetBufferOffset.MdlChain, true),
    dataOffset: v.getUint32(NetBufferOffset.DataOffset, true),
  };
}

export function encodeNetBuffer(data: NetBufferData): Uint8Array {
  const bytes = new Uint8Array(NET_BUFFER_SIZE);
  const v = view(bytes);
  v.setBigUint64(NetBufferOffset.Next, data.next, true);
  v.setBigUint64(NetBufferOffset.CurrentMdl, data.currentMdl, true);
  v.setUint32(NetBufferOffset.CurrentMdlOffset, data.currentMdlOffset, true);
  v.setBigUint64(NetBufferOffset.DataLength, BigInt(data.dataLength), true);
  v.setBigUint64(NetBufferOffset.MdlChain, data.mdlChain, true);
  v.setUint32(NetBufferOffset.DataOffset, data.dataOffset, true);
  return bytes;
}
