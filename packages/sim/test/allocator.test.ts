import { Win32Error } from '@ddikit/types';
import { describe, expect, it } from 'vitest';
import { allocate, sim } from './helpers.js';

describe('allocator', () => {
  it('returns 16-byte aligned, 0xCD-filled blocks of the asked size', () => {
    const be = sim();
    for (const size of [1, 15, 16, 17, 4096, 100_000]) {
      const p = allocate(be, size);
      expect(p % 16n).toBe(0n);
      expect(be.memory.read(p, size).every((b) => b === 0xcd)).toBe(true);
    }
  });

  it('gives a unique pointer for 0 bytes, and any write to it is an overrun', () => {
    const be = sim();
    const a = allocate(be, 0);
    const b = allocate(be, 0);
    expect(a).not.toBe(0n);
    expect(a).not.toBe(b);
    expect(be.liveAllocations().map((x) => x.size)).toEqual([0, 0]);
    be.memory.write(a, new Uint8Array([1]));
    expect(be.verify().map((v) => v.evidence.offset)).toEqual([0]);
  });

  it('never hands out overlapping live blocks', () => {
    const be = sim();
    const sizes = [0, 1, 4096, 7, 64, 33, 1, 0, 5000, 12];
    const blocks = sizes.map((size) => ({ start: allocate(be, size), size }));
    blocks.sort((x, y) => (x.start < y.start ? -1 : 1));
    for (let i = 1; i < blocks.length; i++) {
      const previous = blocks[i - 1]!;
      // Guard bytes sit between blocks, so the gap is at least 16 + 16 bytes.
      expect(blocks[i]!.start >= previous.start + BigInt(previous.size) + 32n).toBe(true);
    }
  });

  it('writes and reads back a large block', () => {
    const be = sim();
    const size = 3 * 1024 * 1024;
    const p = allocate(be, size);
    const data = Uint8Array.from({ length: size }, (_, i) => (i * 7) & 0xff);
    be.memory.write(p, data);
    // Compared as Buffers: a deep equal of millions of elements is slow.
    expect(Buffer.from(be.memory.read(p, size)).equals(data)).toBe(true);
    expect(be.verify()).toEqual([]);
  });

  it('counts exactly the bytes asked for against the memory limit', () => {
    const be = sim({ memoryLimit: 1000 });
    expect(be.dot11ext.allocateBuffer(1000).status).toBe(Win32Error.ERROR_SUCCESS);
    expect(be.dot11ext.allocateBuffer(1)).toEqual({ status: Win32Error.ERROR_OUTOFMEMORY, buffer: 0n });
    expect(be.dot11ext.allocateBuffer(0).status).toBe(Win32Error.ERROR_SUCCESS);

    const split = sim({ memoryLimit: 1000 });
    const a = allocate(split, 600);
    allocate(split, 400);
    expect(split.dot11ext.allocateBuffer(1).status).toBe(Win32Error.ERROR_OUTOFMEMORY);
    split.dot11ext.freeBuffer(a);
    expect(split.dot11ext.allocateBuffer(601).status).toBe(Win32Error.ERROR_OUTOFMEMORY);
    expect(split.dot11ext.allocateBuffer(600).status).toBe(Win32Error.ERROR_SUCCESS);
    expect(split.liveAllocations().map((x) => x.size)).toEqual([400, 600]);
  });

  it('fails a limit exhaustion exactly like a fault but records no fault and nothing allocated', () => {
    const be = sim({ memoryLimit: 64 });
    expect(be.dot11ext.allocateBuffer(65)).toEqual({ status: Win32Error.ERROR_OUTOFMEMORY, buffer: 0n });
    expect(be.faults.injected()).toEqual([]);
    expect(be.liveAllocations()).toEqual([]);
    expect(be.violations()).toEqual([]);
  });

  it('answers 0xFFFFFFFF with ERROR_OUTOFMEMORY at once, under the default 64 MiB limit', () => {
    const be = sim();
    const started = performance.now();
    expect(be.dot11ext.allocateBuffer(0xffff_ffff)).toEqual({ status: Win32Error.ERROR_OUTOFMEMORY, buffer: 0n });
    // Generous: it must not have touched 4 GiB of memory.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(be.liveAllocations()).toEqual([]);
    expect(allocate(be, 64 * 2 ** 20)).not.toBe(0n);
  });

  it('rejects sizes that are not a DWORD with RangeError', () => {
    const be = sim();
    for (const size of [-1, 2 ** 32, 1.5, Number.NaN]) expect(() => be.dot11ext.allocateBuffer(size)).toThrow(RangeError);
  });

  it('numbers allocations 1, 2, ... across allocators and records who made each', () => {
    const be = sim();
    const a = allocate(be, 8);
    be.host.runHandler('Dot11ExtIhvQueryUIRequest', () => allocate(be, 16));
    be.kernel.exAllocatePoolWithTag(0, 32, 0x206b6444);
    expect(be.liveAllocations()).toEqual([
      { address: a, size: 8, order: 1, allocator: 'dot11ext', owner: 'extension', paged: true, irql: 0 },
      expect.objectContaining({ size: 16, order: 2, handler: 'Dot11ExtIhvQueryUIRequest' }),
      expect.objectContaining({ size: 32, order: 3, allocator: 'pool', tag: 0x206b6444, poolType: 0, paged: false }),
    ]);
    be.dot11ext.freeBuffer(a);
    allocate(be, 1);
    expect(be.liveAllocations().map((x) => x.order)).toEqual([2, 3, 4]);
  });

  it('does not hand a quarantined address out again, and reuses memory once it leaves the quarantine', () => {
    const be = sim({ quarantineBytes: 64 });
    const a = allocate(be, 64);
    be.dot11ext.freeBuffer(a);
    const b = allocate(be, 64);
    expect(b).not.toBe(a);
    be.dot11ext.freeBuffer(b); // pushes a out of the 64-byte quarantine
    expect(allocate(be, 64)).toBe(a);
  });

  it('coalesces freed neighbours so a bigger block fits where two small ones were', () => {
    const be = sim({ quarantineBytes: 0 });
    const a = allocate(be, 32);
    const b = allocate(be, 32);
    allocate(be, 32); // keeps the region's top above a and b
    be.dot11ext.freeBuffer(a);
    be.dot11ext.freeBuffer(b);
    // a and b spans were 64 bytes each: together they hold a 96-byte block with its guards.
    expect(allocate(be, 96)).toBe(a);
  });
});
