import { describe, expect, it } from 'vitest';
import {
  BACKEND_CONTRACTS, BugCheck, EXTENSION_CONTRACTS, PoolFlags, PoolType, ViolationKinds, buildViolation,
  contractFamily, formatBugCheck, isContractId, isPagedPoolType, poolTag, poolTypeFromFlags, violationKindById,
} from '../src/index.js';

describe('pool types and flags', () => {
  it('tells paged pool types by their low bit', () => {
    expect(isPagedPoolType(PoolType.PagedPool)).toBe(true);
    expect(isPagedPoolType(PoolType.PagedPoolCacheAligned)).toBe(true);
    expect(isPagedPoolType(PoolType.PagedPoolSession)).toBe(true);
    expect(isPagedPoolType(PoolType.NonPagedPool)).toBe(false);
    expect(isPagedPoolType(PoolType.NonPagedPoolNx)).toBe(false);
    expect(isPagedPoolType(PoolType.NonPagedPoolMustSucceed)).toBe(false);
  });

  it('maps ExAllocatePool2 flags to exactly one pool kind, or none', () => {
    expect(poolTypeFromFlags(PoolFlags.POOL_FLAG_NON_PAGED)).toBe(PoolType.NonPagedPoolNx);
    expect(poolTypeFromFlags(PoolFlags.POOL_FLAG_PAGED | PoolFlags.POOL_FLAG_UNINITIALIZED)).toBe(PoolType.PagedPool);
    expect(poolTypeFromFlags(0n)).toBeUndefined();
    expect(poolTypeFromFlags(PoolFlags.POOL_FLAG_PAGED | PoolFlags.POOL_FLAG_NON_PAGED)).toBeUndefined();
  });

  it('packs a pool tag as the C compiler packs a four-character literal read little-endian', () => {
    expect(poolTag('Ddk ')).toBe(0x206b6444);
    expect(() => poolTag('toolong')).toThrow(RangeError);
  });
});

describe('contracts and violation kinds', () => {
  it('keeps every SPEC backend contract ID', () => {
    for (const id of [
      'dot11ext.alloc.success', 'dot11ext.alloc.null-on-failure', 'dot11ext.alloc.extreme-sizes', 'dot11ext.free.null',
      'dot11ext.free.double', 'dot11ext.free.foreign', 'dot11ext.free.overrun', 'dot11ext.ownership.transfer',
      'dot11ext.ownership.leak', 'ndis.mdl.success', 'ndis.mdl.null-on-failure', 'ndis.mdl.irql', 'ndis.mdl.nonpaged',
      'ndis.mdl.free-same-mechanism', 'ndis.retreat', 'kernel.irql.pool', 'kernel.pool.leak',
    ]) expect(BACKEND_CONTRACTS).toContain(id);
    expect(EXTENSION_CONTRACTS).toContain('ext.oom');
    expect(isContractId('ext.init')).toBe(true);
    expect(isContractId('ext.nonsense')).toBe(false);
    expect(contractFamily('ndis.handler.leak')).toBe('extension');
    expect(contractFamily('ndis.retreat')).toBe('ndis');
    expect(contractFamily('kernel.pool.leak')).toBe('kernel');
  });

  it('numbers every violation kind uniquely and maps it to a catalogue contract', () => {
    const kinds = Object.values(ViolationKinds);
    expect(new Set(kinds.map((k) => k.id)).size).toBe(kinds.length);
    for (const kind of kinds) {
      expect(isContractId(kind.contract)).toBe(true);
      expect(violationKindById(kind.id)).toBe(kind);
    }
    expect(() => violationKindById(9999)).toThrow(RangeError);
  });

  it('builds a double free the way Driver Verifier and Application Verifier report it', () => {
    const v = buildViolation(
      ViolationKinds.DOT11EXT_DOUBLE_FREE,
      { service: 'Dot11ExtFreeBuffer', address: 0x7f0000001000n, size: 64, order: 3, allocatedBy: 'Dot11ExtIhvInitAdapter' },
      false,
    );
    expect(v.kind).toBe('DOT11EXT_DOUBLE_FREE');
    expect(v.contract).toBe('dot11ext.free.double');
    expect(v.code).toBe(BugCheck.DRIVER_VERIFIER_DETECTED_VIOLATION);
    expect(v.params).toEqual([0x13n, 0x7f0000001000n, 64n, 0n]);
    expect(v.evidence.appVerifierStop).toBe(0x7);
    expect(v.message).toContain('0x00007f0000001000');
    expect(v.message).toContain('64 bytes, allocation #3, allocated in Dot11ExtIhvInitAdapter');
    expect(formatBugCheck(v.code, v.params[0])).toBe('0xC4/0x13');
    expect(formatBugCheck(BugCheck.NONE)).toBe('ddikit rule');
  });
});
