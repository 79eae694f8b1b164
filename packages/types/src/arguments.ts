/**
 * The argument rules every backend applies (docs/backend-semantics.md, General): misuse of
 * the API is a programming error that throws, not a rule violation that is recorded.
 */
import type { BackendOptions } from './backend.js';
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

/** The defaults BackendOptions documents. */
export const BACKEND_DEFAULTS: Readonly<Required<BackendOptions>> = {
  memoryLimit: 64 * 2 ** 20,
  seed: 1,
  bugCheck: false,
  quarantineBytes: 2 ** 20,
};

/** A backend's options with the defaults filled in; a limit or seed that is not a whole number throws RangeError. */
export function resolveBackendOptions(options: BackendOptions = {}): Required<BackendOptions> {
  const resolved = { ...BACKEND_DEFAULTS, ...stripUndefined(options) };
  for (const name of ['memoryLimit', 'quarantineBytes'] as const) {
    if (!Number.isSafeInteger(resolved[name]) || resolved[name] < 0) {
      throw new RangeError(`${name} must be a non-negative integer, got ${String(resolved[name])}`);
    }
  }
  if (!Number.isInteger(resolved.seed)) throw new RangeError(`seed must be an integer, got ${String(resolved.seed)}`);
  return resolved;
}

function stripUndefined(options: BackendOptions): BackendOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as BackendOptions;
}
