import { Irql, PoolFlags, PoolType, VerifierCode, poolTag } from '@ddikit/types';
import { describe, expect, it } from 'vitest';
import { bytes, kinds, recorded, sim } from './helpers.js';

const TAG = poolTag('Ddk ');

describe('kernel pool services', () => {
  it('ExAllocatePoolWithTag gives a 0xCD-filled pool block with its type, tag and IRQL', () => {
    const be = sim();
    be.irql.raise(Irql.APC_LEVEL);
    const p = be.kernel.exAllocatePoolWithTag(PoolType.PagedPool, 20, TAG);
    expect(be.memory.read(p, 20)).toEqual(bytes(20, 0xcd));
    expect(be.liveAllocations()).toEqual([
      { address: p, size: 20, order: 1, allocator: 'pool', owner: 'extension', paged: true, poolType: PoolType.PagedPool, tag: TAG, irql: Irql.APC_LEVEL },
    ]);
    be.kernel.exFreePoolWithTag(p, TAG);
    expect(be.liveAllocations()).toEqual([]);
    expect(be.violations()).toEqual([]);
  });

  it('refuses paged pool above APC_LEVEL (0xC4/0x01) and any pool above DISPATCH_LEVEL (0xC4/0x02)', () => {
    const be = sim();
    be.irql.raise(Irql.DISPATCH_LEVEL);
    expect(be.kernel.exAllocatePoolWithTag(PoolType.PagedPool, 8, TAG)).toBe(0n);
    expect(be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 8, TAG)).not.toBe(0n);
    be.irql.raise(Irql.CLOCK_LEVEL);
    expect(be.kernel.exAllocatePoolWithTag(PoolType.PagedPool, 8, TAG)).toBe(0n);
    expect(be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 8, TAG)).toBe(0n);
    expect(be.kernel.exAllocatePool2(PoolFlags.POOL_FLAG_NON_PAGED, 8, TAG)).toBe(0n);
    expect(be.kernel.ndisAllocateMemoryWithTagPriority(8, TAG, 16)).toBe(0n);
    const found = be.violations();
    expect(kinds(found)).toEqual([
      'PAGED_ALLOCATION_ABOVE_APC', 'PAGED_ALLOCATION_ABOVE_APC', 'NONPAGED_ALLOCATION_ABOVE_DISPATCH',
      'NONPAGED_ALLOCATION_ABOVE_DISPATCH', 'NONPAGED_ALLOCATION_ABOVE_DISPATCH',
    ]);
    expect(found[0]!.params[0]).toBe(BigInt(VerifierCode.PAGED_ALLOCATION_ABOVE_APC_LEVEL));
    expect(found[0]!.evidence).toMatchObject({ service: 'ExAllocatePoolWithTag', irql: Irql.DISPATCH_LEVEL });
    expect(found.map((v) => v.evidence.service).slice(3)).toEqual(['ExAllocatePool2', 'NdisAllocateMemoryWithTagPriority']);
    expect(be.liveAllocations()).toHaveLength(1);
    expect(be.faults.attempts).toBe(1);
  });

  it('reports a zero-byte allocation (0xC4/0x00) and returns NULL', () => {
    const be = sim();
    expect(be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 0, TAG)).toBe(0n);
    expect(be.kernel.exAllocatePool2(PoolFlags.POOL_FLAG_PAGED, 0, TAG)).toBe(0n);
    expect(be.kernel.ndisAllocateMemoryWithTagPriority(0, TAG, 16)).toBe(0n);
    expect(recorded(be)).toEqual(['POOL_ZERO_SIZE', 'POOL_ZERO_SIZE', 'POOL_ZERO_SIZE']);
    expect(be.violations()[0]!.params[0]).toBe(BigInt(VerifierCode.ZERO_BYTE_ALLOCATION));
    expect(be.faults.attempts).toBe(0);
  });

  it('ExAllocatePool2 zeroes unless POOL_FLAG_UNINITIALIZED, and fails without a violation for flags naming no single pool kind', () => {
    const be = sim();
    const zeroed = be.kernel.exAllocatePool2(PoolFlags.POOL_FLAG_NON_PAGED, 16, TAG);
    const raw = be.kernel.exAllocatePool2(PoolFlags.POOL_FLAG_PAGED | PoolFlags.POOL_FLAG_UNINITIALIZED, 16, TAG);
    expect(be.memory.read(zeroed, 16)).toEqual(new Uint8Array(16));
    expect(be.memory.read(raw, 16)).toEqual(bytes(16, 0xcd));
    expect(be.liveAllocations().map((a) => [a.poolType, a.paged])).toEqual([[PoolType.NonPagedPoolNx, false], [PoolType.PagedPool, true]]);
    expect(be.kernel.exAllocatePool2(0n, 16, TAG)).toBe(0n);
    expect(be.kernel.exAllocatePool2(PoolFlags.POOL_FLAG_PAGED | PoolFlags.POOL_FLAG_NON_PAGED, 16, TAG)).toBe(0n);
    expect(be.violations()).toEqual([]);
  });

  it('NdisAllocateMemoryWithTagPriority gives nonpaged ndis-memory that only NdisFreeMemory frees', () => {
    const be = sim();
    const p = be.kernel.ndisAllocateMemoryWithTagPriority(64, TAG, 16);
    expect(be.liveAllocations()[0]).toMatchObject({ allocator: 'ndis-memory', paged: false, tag: TAG, size: 64 });
    be.kernel.exFreePool(p);
    expect(recorded(be)).toEqual(['FREE_MECHANISM_MISMATCH']);
    expect(be.violations()[0]!.evidence).toMatchObject({ service: 'ExFreePool', allocator: 'ndis-memory', address: p });
    be.kernel.ndisFreeMemory(p, 64, 0);
    expect(be.liveAllocations()).toEqual([]);
  });

  it('applies the free rules in order: mismatch, double free, never allocated', () => {
    const be = sim();
    const pool = be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 8, TAG);
    const dot11 = be.dot11ext.allocateBuffer(8).buffer;
    be.kernel.ndisFreeMemory(pool, 8, 0);
    be.kernel.exFreePool(dot11);
    be.kernel.exFreePool(pool);
    be.kernel.exFreePool(pool);
    be.kernel.ndisFreeMemory(pool, 8, 0); // quarantined: a double free whatever the service
    be.kernel.exFreePool(0n);
    be.kernel.exFreePool(be.memory.allocateHost(8));
    expect(recorded(be)).toEqual([
      'FREE_MECHANISM_MISMATCH', 'FREE_MECHANISM_MISMATCH', 'POOL_DOUBLE_FREE', 'POOL_DOUBLE_FREE', 'POOL_FREE_UNALLOCATED', 'POOL_FREE_UNALLOCATED',
    ]);
    expect(be.violations()[2]!.params[0]).toBe(BigInt(VerifierCode.DOUBLE_FREE_OF_POOL));
    expect(be.violations()[4]!.params[0]).toBe(BigInt(VerifierCode.FREE_OF_UNALLOCATED_ADDRESS));
    expect(be.liveAllocations().map((a) => a.address)).toEqual([dot11]);
  });

  it('reports frees at too high an IRQL (0x11 paged above APC, 0x12 above DISPATCH) and frees anyway', () => {
    const be = sim();
    const paged = be.kernel.exAllocatePoolWithTag(PoolType.PagedPool, 8, TAG);
    const nonpaged = be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPool, 8, TAG);
    const nonpaged2 = be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPool, 8, TAG);
    be.irql.raise(Irql.DISPATCH_LEVEL);
    be.kernel.exFreePool(nonpaged2);
    be.kernel.exFreePoolWithTag(paged, TAG);
    be.irql.raise(Irql.HIGH_LEVEL);
    be.kernel.exFreePool(nonpaged);
    expect(recorded(be)).toEqual(['PAGED_FREE_ABOVE_APC', 'NONPAGED_FREE_ABOVE_DISPATCH']);
    expect(be.violations().map((v) => [v.params[0], v.params[3]])).toEqual([
      [BigInt(VerifierCode.PAGED_FREE_ABOVE_APC_LEVEL), 2n],
      [BigInt(VerifierCode.NONPAGED_FREE_ABOVE_DISPATCH_LEVEL), 15n],
    ]);
    expect(be.liveAllocations()).toEqual([]);
    expect(be.host.unloadDriver()).toEqual([]);
  });

  it('reports pageable memory touched at DISPATCH_LEVEL (0xD1) through memory access', () => {
    const be = sim();
    const paged = be.kernel.exAllocatePoolWithTag(PoolType.PagedPool, 16, TAG);
    const nonpaged = be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 16, TAG);
    be.memory.write(paged, new Uint8Array(4));
    be.irql.raise(Irql.DISPATCH_LEVEL);
    be.memory.read(nonpaged, 16);
    be.memory.read(paged + 15n, 1);
    be.memory.write(paged, new Uint8Array(1));
    const found = be.violations();
    expect(kinds(found)).toEqual(['PAGED_TOUCHED_AT_DISPATCH', 'PAGED_TOUCHED_AT_DISPATCH']);
    expect(found[0]!.code).toBe(0xd1);
    expect(found[0]!.evidence).toMatchObject({ address: paged, size: 16, irql: Irql.DISPATCH_LEVEL });
  });

  it('rejects sizes and tags outside the ULONG range', () => {
    const be = sim();
    expect(() => be.kernel.exAllocatePoolWithTag(PoolType.PagedPool, -1, TAG)).toThrow(RangeError);
    expect(() => be.kernel.exAllocatePool2(PoolFlags.POOL_FLAG_PAGED, 2 ** 32, TAG)).toThrow(RangeError);
    expect(() => be.kernel.ndisAllocateMemoryWithTagPriority(1, -5, 0)).toThrow(RangeError);
  });
});
