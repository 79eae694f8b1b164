import { BugCheck, PoolType } from '@ddikit/types';
import { describe, expect, it } from 'vitest';
import { allocate, bytes, kinds, recorded, sim } from './helpers.js';

describe('guards, poison and verify()', () => {
  it('finds an overrun past the caller bytes, with the first damaged offset and the block', () => {
    const be = sim();
    const p = be.host.runHandler('Dot11ExtIhvInitAdapter', () => allocate(be, 10));
    be.memory.write(p + 12n, new Uint8Array([0]));
    const [v, ...rest] = be.verify();
    expect(rest).toEqual([]);
    expect(kinds([v!])).toEqual(['DOT11EXT_OVERRUN']);
    expect(v!.code).toBe(BugCheck.PAGE_FAULT_BEYOND_END_OF_ALLOCATION);
    expect(v!.evidence).toEqual({ service: 'heap verification', address: p, size: 10, order: 1, allocatedBy: 'Dot11ExtIhvInitAdapter', offset: 12 });
  });

  it('finds an underrun in the 16 front guard bytes with a negative offset', () => {
    const be = sim();
    const p = allocate(be, 32);
    be.memory.write(p - 16n, new Uint8Array([1]));
    be.memory.write(p - 1n, new Uint8Array([1]));
    const found = be.verify();
    expect(kinds(found)).toEqual(['DOT11EXT_UNDERRUN']);
    expect(found[0]!.evidence.offset).toBe(-16);
  });

  it('reports damage once: the guard pattern is restored after reporting', () => {
    const be = sim();
    const p = allocate(be, 4);
    be.memory.write(p - 2n, bytes(8, 0x41)); // both guards
    expect(kinds(be.verify())).toEqual(['DOT11EXT_UNDERRUN', 'DOT11EXT_OVERRUN']);
    expect(be.verify()).toEqual([]);
    be.dot11ext.freeBuffer(p);
    expect(recorded(be)).toEqual(['DOT11EXT_UNDERRUN', 'DOT11EXT_OVERRUN']);
  });

  it('checks guards when a block is freed, and frees it anyway', () => {
    const be = sim();
    const p = allocate(be, 16);
    be.memory.write(p + 16n, new Uint8Array([0]));
    be.dot11ext.freeBuffer(p);
    const [v] = be.violations();
    expect(kinds([v!])).toEqual(['DOT11EXT_OVERRUN']);
    expect(v!.evidence.service).toBe('Dot11ExtFreeBuffer');
    expect(be.liveAllocations()).toEqual([]);
  });

  it('poisons freed bytes with 0xDD and finds a write after free in the quarantine', () => {
    const be = sim();
    const p = allocate(be, 8);
    be.dot11ext.freeBuffer(p);
    expect(be.memory.read(p, 8)).toEqual(bytes(8, 0xdd));
    be.memory.write(p + 3n, new Uint8Array([0]));
    const found = be.verify();
    expect(kinds(found)).toEqual(['DOT11EXT_USE_AFTER_FREE']);
    expect(found[0]!.evidence.offset).toBe(3);
    expect(be.memory.read(p, 8)).toEqual(bytes(8, 0xdd));
    expect(be.verify()).toEqual([]);
  });

  it('checks the poison of a block leaving the quarantine before reusing its memory', () => {
    const be = sim({ quarantineBytes: 100 });
    const p = allocate(be, 100);
    be.dot11ext.freeBuffer(p);
    be.memory.write(p + 99n, new Uint8Array([1]));
    const q = allocate(be, 1);
    be.dot11ext.freeBuffer(q); // 101 bytes queued: p leaves
    const [v] = be.violations();
    expect(kinds([v!])).toEqual(['DOT11EXT_USE_AFTER_FREE']);
    expect(v!.evidence).toMatchObject({ address: p, offset: 99, service: 'heap verification' });
    expect(be.verify()).toEqual([]);
  });

  it('reports damage to kernel blocks with the pool kinds', () => {
    const be = sim();
    const pool = be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 8, 0);
    const mdl = be.ndis.allocateMdl(100).mdl;
    be.memory.write(pool + 8n, new Uint8Array([0]));
    be.memory.write(mdl - 1n, new Uint8Array([0]));
    expect(kinds(be.verify())).toEqual(['POOL_OVERRUN', 'POOL_UNDERRUN']);
    be.kernel.exFreePool(pool);
    be.memory.write(pool, new Uint8Array([0]));
    expect(kinds(be.verify())).toEqual(['POOL_USE_AFTER_FREE']);
  });
});
