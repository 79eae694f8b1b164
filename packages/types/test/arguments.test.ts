import { describe, expect, it } from 'vitest';
import { BACKEND_DEFAULTS, checkPointer, checkSize, resolveBackendOptions } from '../src/index.js';

describe('the argument rules every backend applies', () => {
  it('takes a size as an integer in 0..0xFFFFFFFF and refuses anything else with RangeError', () => {
    expect(checkSize(0, 'n')).toBe(0);
    expect(checkSize(0xffff_ffff, 'n')).toBe(0xffff_ffff);
    for (const bad of [-1, 0x1_0000_0000, 1.5, Number.NaN]) {
      expect(() => checkSize(bad, 'dwByteCount')).toThrow(new RangeError(`dwByteCount must be an integer in 0..0xFFFFFFFF, got ${bad}`));
    }
  });

  it('takes a pointer as a bigint in the 64-bit range and refuses anything else with TypeError', () => {
    expect(checkPointer(0n, 'p')).toBe(0n);
    expect(checkPointer(0xffff_ffff_ffff_ffffn, 'p')).toBe(0xffff_ffff_ffff_ffffn);
    for (const bad of [-1n, 0x1_0000_0000_0000_0000n, 16 as unknown as bigint]) {
      expect(() => checkPointer(bad, 'pvMemory')).toThrow(TypeError);
    }
  });

  it('fills in the documented defaults for options left out, and keeps the ones given', () => {
    expect(resolveBackendOptions()).toEqual({ memoryLimit: 64 << 20, seed: 1, bugCheck: false, quarantineBytes: 1 << 20 });
    expect(resolveBackendOptions({ memoryLimit: 4096, seed: 7, quarantineBytes: undefined })).toEqual({ ...BACKEND_DEFAULTS, memoryLimit: 4096, seed: 7 });
  });

  it('refuses a limit that is not a whole number of bytes, or a seed that is not an integer', () => {
    expect(() => resolveBackendOptions({ memoryLimit: -1 })).toThrow(new RangeError('memoryLimit must be a non-negative integer, got -1'));
    expect(() => resolveBackendOptions({ quarantineBytes: 1.5 })).toThrow(RangeError);
    expect(() => resolveBackendOptions({ seed: 0.5 })).toThrow(new RangeError('seed must be an integer, got 0.5'));
  });
});
