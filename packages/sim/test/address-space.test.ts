import { describe, expect, it } from 'vitest';
import { AddressSpace } from '../src/address-space.js';
import { sim } from './helpers.js';

describe('address space', () => {
  const mapped = (size: number) => {
    const space = new AddressSpace();
    const region = space.addRegion('test', 0x1000_0000n, 1 << 30);
    region.grow(size);
    return { space, region };
  };

  it('reads zeros from mapped memory nobody wrote, and back what was written across pages', () => {
    const { space } = mapped(3 * 4096);
    expect(space.read(0x1000_0000n, 8)).toEqual(new Uint8Array(8));
    const data = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff);
    space.write(0x1000_0ff0n, data);
    expect(space.read(0x1000_0ff0n, 5000)).toEqual(data);
  });

  it('fills whole pages without backing them and finds the first byte that differs', () => {
    const { space, region } = mapped(4 * 4096);
    space.fill(0x1000_0010n, 3 * 4096, 0xab);
    expect(region.pages.get(1)).toBe(0xab); // a whole page is stored as its byte
    expect(space.findMismatch(0x1000_0010n, 3 * 4096, 0xab)).toBeUndefined();
    space.write(0x1000_2000n, new Uint8Array([0]));
    expect(space.findMismatch(0x1000_0010n, 3 * 4096, 0xab)).toBe(0x2000 - 0x10);
    expect(space.read(0x1000_1fffn, 2)).toEqual(new Uint8Array([0xab, 0]));
  });

  it('throws an access violation naming the first unmapped address', () => {
    const { space } = mapped(4096);
    expect(() => space.read(0x1000_0ff0n, 32)).toThrow('access violation reading 0x0000000010001000');
    expect(() => space.write(0x2000_0000n, new Uint8Array(1))).toThrow('access violation writing 0x0000000020000000');
    expect(space.isMapped(0x1000_0000n, 4096)).toBe(true);
    expect(space.isMapped(0x1000_0000n, 4097)).toBe(false);
  });

  it('makes memory.read and memory.write of NULL or any unmapped address throw', () => {
    const be = sim();
    expect(() => be.memory.read(0n, 1)).toThrow('access violation reading 0x0000000000000000');
    expect(() => be.memory.write(0x10n, new Uint8Array(1))).toThrow('access violation writing 0x0000000000000010');
    expect(() => be.memory.read(0xffff_8000_0000_0000n, 4)).toThrow(/access violation reading 0xffff800000000000/);
  });

  it('gives zeroed, 16-byte aligned, distinct host memory outside the verified heap', () => {
    const be = sim();
    const a = be.memory.allocateHost(24);
    const b = be.memory.allocateHost(0);
    const c = be.memory.allocateHost(1);
    expect(new Set([a, b, c]).size).toBe(3);
    for (const p of [a, b, c]) expect(p % 16n).toBe(0n);
    expect(be.memory.read(a, 24)).toEqual(new Uint8Array(24));
    be.memory.write(a, new Uint8Array([7]));
    expect(be.memory.read(a, 1)[0]).toBe(7);
    expect(be.liveAllocations()).toEqual([]);
    be.memory.freeHost(a);
    expect(() => be.memory.freeHost(a)).toThrow(/not a live host allocation/);
  });

  it('rejects sizes outside the ULONG range', () => {
    const be = sim();
    const host = be.memory.allocateHost(16);
    expect(() => be.memory.read(host, -1)).toThrow(RangeError);
    expect(() => be.memory.read(host, 1.5)).toThrow(RangeError);
    expect(() => be.memory.allocateHost(2 ** 32)).toThrow(RangeError);
  });
});
