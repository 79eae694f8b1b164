/**
 * The argument rules every backend applies (docs/backend-semantics.md, General): misuse of
 * the API is a programming error that throws, not a rule violation that is recorded.
 */
import type { Pointer } from './pointer.js';
import { MAXDWORD } from './win32.js';

/** A DWORD/ULONG size: an integer in 0..0xFFFFFFFF, else RangeError. */
export function checkSize(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > MAXDWORD) {
    throw new RangeError(`${name} must be an integer in 0..0xFFFFFFFF, got ${String(value)}`);
  }
  return value;
}

/** A pointer: a bigint in the 64-bit address range, else TypeError. */
export function checkPointer(value: Pointer, name: string): Pointer {
  if (typeof value !== 'bigint' || value < 0n || value > 0xffff_ffff_ffff_ffffn) {
    throw new TypeError(`${name} must be a pointer (a bigint in the 64-bit range), got ${String(value)}`);
  }
  return value;
}
