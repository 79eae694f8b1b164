/**
 * Raw access to real memory. A range whose pages are not mapped in this process throws,
 * as an access violation would; everything else is read and written through koffi views.
 */
import { checkSize, formatPointer, type MemoryAccess, type Pointer } from '@ddikit/types';
import koffi from 'koffi';
import { core, ptr } from './library.js';

function mapped(address: Pointer, length: number, verb: string): void {
  if (typeof address !== 'bigint') throw new TypeError(`an address is a bigint, got ${typeof address}`);
  if (core().isMapped(address === 0n ? null : address, length) !== 1) {
    throw new Error(`access violation ${verb} ${length} bytes at ${formatPointer(address)}: the memory is not mapped`);
  }
}

export function readBytes(address: Pointer, length: number): Uint8Array {
  checkSize(length, 'length');
  if (length === 0) return new Uint8Array(0);
  mapped(address, length, 'reading');
  return new Uint8Array(koffi.view(address, length)).slice();
}

export function writeBytes(address: Pointer, bytes: Uint8Array): void {
  if (bytes.length === 0) return;
  mapped(address, bytes.length, 'writing');
  new Uint8Array(koffi.view(address, bytes.length)).set(bytes);
}

export function createMemory(enter: () => void): MemoryAccess {
  return {
    read(address, length) {
      enter();
      return readBytes(address, length);
    },
    write(address, bytes) {
      enter();
      writeBytes(address, bytes);
    },
    allocateHost(size) {
      enter();
      checkSize(size, 'size');
      const p = ptr(core().hostAlloc(size));
      if (p === 0n) throw new Error(`host memory exhausted allocating ${size} bytes`);
      return p;
    },
    freeHost(address) {
      enter();
      if (core().hostFree(address === 0n ? null : address) !== 0) {
        throw new Error(`freeHost(${formatPointer(address)}): not host memory from allocateHost`);
      }
    },
  };
}
