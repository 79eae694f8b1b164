/**
 * Raw access to real memory. A range whose pages are not mapped in this process throws,
 * as an access violation would; everything else is read and written through koffi views.
 */
import type { MemoryAccess, Pointer } from '@ddikit/types';
import { formatPointer } from '@ddikit/types';
import koffi from 'koffi';
import { core, ptr } from './library.js';

export function checkLength(length: number, what = 'length'): void {
  if (!Number.isInteger(length) || length < 0 || length > 0xffff_ffff) {
    throw new RangeError(`${what} must be an integer in 0..0xFFFFFFFF, got ${length}`);
  }
}

function mapped(address: Pointer, length: number, verb: string): void {
  if (typeof address !== 'bigint') throw new TypeError(`an address is a bigint, got ${typeof address}`);
  if (core().isMapped(address === 0n ? null : address, length) !== 1) {
    throw new Error(`access violation ${verb} ${length} bytes at ${formatPointer(address)}: the memory is not mapped`);
  }
}

export function readBytes(address: Pointer, length: number): Uint8Array {
  checkLength(length);
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
      checkLength(size, 'size');
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
