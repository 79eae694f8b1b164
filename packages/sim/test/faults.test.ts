import { PoolType, Win32Error } from '@ddikit/types';
import { describe, expect, it } from 'vitest';
import { allocate, sim } from './helpers.js';

describe('fault injection', () => {
  it('failNth fails the n-th attempt once and records it', () => {
    const be = sim();
    be.faults.failNth(2);
    const statuses = [1, 2, 3].map(() => be.host.runHandler('Dot11ExtIhvInitAdapter', () => be.dot11ext.allocateBuffer(32).status));
    expect(statuses).toEqual([Win32Error.ERROR_SUCCESS, Win32Error.ERROR_OUTOFMEMORY, Win32Error.ERROR_SUCCESS]);
    expect(be.faults.injected()).toEqual([{ service: 'Dot11ExtAllocateBuffer', attempt: 2, size: 32, handler: 'Dot11ExtIhvInitAdapter' }]);
    expect(be.faults.attempts).toBe(3);
    expect(be.liveAllocations().map((a) => a.order)).toEqual([1, 2]);
  });

  it('counts only the target’s allocation services', () => {
    const be = sim();
    be.faults.failNth(1, { target: 'kernel' });
    expect(be.dot11ext.allocateBuffer(8).status).toBe(Win32Error.ERROR_SUCCESS);
    expect(be.faults.attempts).toBe(0);
    expect(be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 8, 0)).toBe(0n);
    expect(be.kernel.ioAllocateMdl(be.memory.allocateHost(8), 8)).not.toBe(0n);
    expect(be.faults.attempts).toBe(2);

    be.faults.failNth(1, { target: 'dot11ext' });
    expect(be.kernel.ndisAllocateMemoryWithTagPriority(8, 0, 16)).not.toBe(0n);
    expect(be.dot11ext.allocateBuffer(8).status).toBe(Win32Error.ERROR_OUTOFMEMORY);
    expect(be.faults.injected().map((f) => f.service)).toEqual(['ExAllocatePoolWithTag', 'Dot11ExtAllocateBuffer']);
  });

  it('failRandomly fails each attempt whose mulberry32 draw / 2^32 is below the probability', () => {
    const be = sim();
    be.faults.failRandomly({ probability: 0.5, seed: 42 });
    const failed = Array.from({ length: 10 }, (_, i) => (be.dot11ext.allocateBuffer(4).status === Win32Error.ERROR_OUTOFMEMORY ? i + 1 : 0)).filter(Boolean);
    // Draws for seed 42: 2581720956, 1925393290, 3661312704, 2876485805, 750819978, 2261697747, 1173505300, 2683257857, 3717185310, 2028586305.
    expect(failed).toEqual([2, 5, 7, 10]);
    expect(be.faults.injected().map((f) => f.attempt)).toEqual([2, 5, 7, 10]);
  });

  it('probability 0 never fails and 1 always fails', () => {
    const be = sim();
    be.faults.failRandomly({ probability: 0, seed: 3 });
    expect(be.dot11ext.allocateBuffer(1).status).toBe(Win32Error.ERROR_SUCCESS);
    be.faults.failRandomly({ probability: 1, seed: 3 });
    expect(be.dot11ext.allocateBuffer(1).status).toBe(Win32Error.ERROR_OUTOFMEMORY);
  });

  it('counts attempts with no plan, and setting a plan or clear() resets the count but keeps the record', () => {
    const be = sim();
    allocate(be, 1);
    be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 1, 0);
    be.ndis.allocateMdl(1);
    expect(be.faults.attempts).toBe(3);
    be.faults.failNth(1);
    expect(be.faults.attempts).toBe(0);
    be.dot11ext.allocateBuffer(1);
    be.faults.clear();
    expect(be.faults.attempts).toBe(0);
    expect(be.faults.injected()).toHaveLength(1);
    expect(be.dot11ext.allocateBuffer(1).status).toBe(Win32Error.ERROR_SUCCESS);
  });

  it('marks violations recorded after a fault was injected', () => {
    const be = sim();
    be.dot11ext.freeBuffer(0x10n);
    be.faults.failNth(1);
    be.dot11ext.allocateBuffer(1);
    be.faults.clear();
    be.dot11ext.freeBuffer(0x10n);
    expect(be.violations().map((v) => v.faultsInjected)).toEqual([false, true]);
  });

  it('rejects bad plans with RangeError', () => {
    const be = sim();
    expect(() => be.faults.failNth(0)).toThrow(RangeError);
    expect(() => be.faults.failNth(1, { target: 'disk' as 'all' })).toThrow(RangeError);
    expect(() => be.faults.failRandomly({ probability: 2, seed: 1 })).toThrow(RangeError);
    expect(() => be.faults.failRandomly({ probability: 0.5, seed: 0.5 })).toThrow(RangeError);
  });
});
