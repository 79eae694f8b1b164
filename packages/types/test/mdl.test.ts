import { describe, expect, it } from 'vitest';
import { MDL_HEADER_SIZE, MdlFlag, decodeMdl, encodeMdl, mdlSize, mdlVirtualAddress, pageAlign, pagesSpanned } from '../src/index.js';

describe('MDL arithmetic', () => {
  it('counts the pages a range spans the way ADDRESS_AND_SIZE_TO_SPAN_PAGES does', () => {
    expect(pagesSpanned(0x10000n, 0)).toBe(0);
    expect(pagesSpanned(0x10000n, 1)).toBe(1);
    expect(pagesSpanned(0x10000n, 4096)).toBe(1);
    expect(pagesSpanned(0x10000n, 4097)).toBe(2);
    expect(pagesSpanned(0x10fffn, 2)).toBe(2);
    expect(pagesSpanned(0x10800n, 1514)).toBe(1);
    expect(pagesSpanned(0x10800n, 4096)).toBe(2);
  });

  it('sizes an MDL as 48 bytes plus 8 per page', () => {
    expect(MDL_HEADER_SIZE).toBe(48);
    expect(mdlSize(0x10000n, 1514)).toBe(56);
    expect(mdlSize(0x10f00n, 65535)).toBe(48 + 8 * 17);
  });

  it('page-aligns StartVa and rebuilds the virtual address from StartVa + ByteOffset', () => {
    expect(pageAlign(0x12345n)).toBe(0x12000n);
    const mdl = {
      next: 0n, size: 56, mdlFlags: MdlFlag.MDL_SOURCE_IS_NONPAGED_POOL, process: 0n,
      mappedSystemVa: 0x7f0000012345n, startVa: 0x7f0000012000n, byteCount: 1514, byteOffset: 0x345,
    };
    expect(mdlVirtualAddress(mdl)).toBe(0x7f0000012345n);
  });

  it('round-trips the 48-byte header at the x64 offsets', () => {
    const mdl = {
      next: 0x1122334455667788n, size: -2, mdlFlags: 0x8005, process: 0xabcn,
      mappedSystemVa: 0x7f00_0000_1000n, startVa: 0x7f00_0000_1000n, byteCount: 0xffff_fffe, byteOffset: 0xfff,
    };
    const bytes = encodeMdl(mdl);
    expect(bytes).toHaveLength(48);
    expect(bytes[0x0a]).toBe(0x05); // MdlFlags low byte at 0x0A
    expect(bytes[0x2c]).toBe(0xff); // ByteOffset at 0x2C
    expect(decodeMdl(bytes)).toEqual(mdl);
    expect(() => decodeMdl(bytes.subarray(0, 47))).toThrow(RangeError);
  });
});
