/** Argument checks shared by every service: misuse of the API is a programming error, not a rule violation. */
import type { Pointer } from '@ddikit/types';

export const MAX_ULONG = 0xffff_ffff;

/** A DWORD/ULONG size: an integer in 0..0xFFFFFFFF, else RangeError. */
export function checkSize(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_ULONG) {
    throw new RangeError(`${name} must be an integer in 0..0xFFFFFFFF, got ${String(value)}`);
  }
  return value;
}

/** A pointer is a bigint in the 64-bit address range. */
export function checkPointer(value: Pointer, name: string): Pointer {
  if (typeof value !== 'bigint' || value < 0n || value > 0xffff_ffff_ffff_ffffn) {
    throw new TypeError(`${name} must be a pointer (a bigint in the 64-bit range), got ${String(value)}`);
  }
  return value;
}

export function roundUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
