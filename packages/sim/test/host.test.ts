import { BugCheck, PoolType, VerifierCode, Win32Error } from '@ddikit/types';
import { describe, expect, it } from 'vitest';
import { allocate, kinds, recorded, sim } from './helpers.js';

const claim = { minimumSize: 48, what: 'Dot11ExtIhvQueryUIRequest *ppIhvUIRequest' };

describe('host: handlers and ownership transfer', () => {
  it('runHandler sets the current handler, nests, and restores it even when the body throws', () => {
    const be = sim();
    expect(be.host.currentHandler).toBeUndefined();
    const inner = be.host.runHandler('Dot11ExtIhvInitAdapter', () => {
      expect(be.host.currentHandler).toBe('Dot11ExtIhvInitAdapter');
      return be.host.runHandler('Dot11ExtIhvControl', () => be.host.currentHandler);
    });
    expect(inner).toBe('Dot11ExtIhvControl');
    expect(() => be.host.runHandler('Dot11ExtIhvAdapterReset', () => { throw new Error('boom'); })).toThrow('boom');
    expect(be.host.currentHandler).toBeUndefined();
  });

  it('attributes violations to the handler running when they happen', () => {
    const be = sim();
    be.host.runHandler('Dot11ExtIhvDeinitAdapter', () => be.dot11ext.freeBuffer(0x10n));
    expect(be.violations()[0]!.evidence.handler).toBe('Dot11ExtIhvDeinitAdapter');
  });

  it('adopts a live buffer the DLL owns: the OS becomes the owner, no violation', () => {
    const be = sim();
    const p = allocate(be, 48);
    expect(be.host.adoptBuffer(p, claim)).toEqual([]);
    expect(be.liveAllocations()[0]!.owner).toBe('os');
  });

  it('refuses what Dot11ExtAllocateBuffer never returned, what was freed and what the OS owns, adopting nothing', () => {
    const be = sim();
    const pool = be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 64, 0);
    const freed = allocate(be, 48);
    be.dot11ext.freeBuffer(freed);
    const owned = allocate(be, 48);
    be.host.adoptBuffer(owned, claim);
    const found = [
      ...be.host.adoptBuffer(be.memory.allocateHost(48), claim),
      ...be.host.adoptBuffer(pool, claim),
      ...be.host.adoptBuffer(owned + 8n, claim),
      ...be.host.adoptBuffer(freed, claim),
      ...be.host.adoptBuffer(owned, claim),
    ];
    expect(kinds(found)).toEqual(['TRANSFER_NOT_ALLOCATED', 'TRANSFER_NOT_ALLOCATED', 'TRANSFER_NOT_ALLOCATED', 'TRANSFER_NOT_LIVE', 'TRANSFER_NOT_OWNED']);
    expect(found.every((v) => v.evidence.service === claim.what)).toBe(true);
    expect(be.liveAllocations().find((a) => a.address === pool)!.owner).toBe('extension');
  });

  it('adopts a buffer that is too small or has damaged guards, reporting both', () => {
    const be = sim();
    const p = allocate(be, 40);
    be.memory.write(p + 40n, new Uint8Array([0]));
    const found = be.host.adoptBuffer(p, claim);
    expect(kinds(found)).toEqual(['TRANSFER_TOO_SMALL', 'DOT11EXT_OVERRUN']);
    expect(found[1]!.evidence).toMatchObject({ service: claim.what, offset: 40 });
    expect(be.liveAllocations()[0]!.owner).toBe('os');
  });

  it('releaseBuffer frees an adopted buffer; a later free or write by the DLL is a transfer violation', () => {
    const be = sim();
    const p = allocate(be, 48);
    be.host.adoptBuffer(p, claim);
    be.dot11ext.freeBuffer(p); // still live, owned by the OS
    be.host.releaseBuffer(p);
    expect(be.liveAllocations()).toEqual([]);
    be.dot11ext.freeBuffer(p); // released
    be.memory.write(p, new Uint8Array([1]));
    be.verify();
    expect(recorded(be)).toEqual(['FREE_AFTER_TRANSFER', 'FREE_AFTER_TRANSFER', 'WRITE_AFTER_TRANSFER']);
    const [afterTransfer] = be.violations();
    expect(afterTransfer!.params[0]).toBe(BigInt(VerifierCode.DOUBLE_FREE));
  });

  it('releaseBuffer checks guards, and throws for anything the OS does not own', () => {
    const be = sim();
    const p = allocate(be, 48);
    expect(() => be.host.releaseBuffer(p)).toThrow(/does not own/);
    be.host.adoptBuffer(p, claim);
    be.memory.write(p - 1n, new Uint8Array([0]));
    be.host.releaseBuffer(p);
    expect(recorded(be)).toEqual(['DOT11EXT_UNDERRUN']);
    expect(() => be.host.releaseBuffer(p)).toThrow(Error);
    expect(() => be.host.releaseBuffer(0x50n)).toThrow(Error);
  });

  it('handToExtension gives the DLL a buffer holding the bytes, ignoring fault plans but not the limit', () => {
    const be = sim({ memoryLimit: 10 });
    be.faults.failNth(1);
    const p = be.host.handToExtension(new Uint8Array([1, 2, 3]));
    expect(be.memory.read(p, 3)).toEqual(new Uint8Array([1, 2, 3]));
    expect(be.liveAllocations()[0]).toMatchObject({ address: p, size: 3, allocator: 'dot11ext', owner: 'extension' });
    expect(be.faults.attempts).toBe(0);
    expect(be.host.handToExtension(new Uint8Array(8))).toBe(0n);
    be.dot11ext.freeBuffer(p);
    expect(be.violations()).toEqual([]);
  });

  it('deinitService reports each buffer the DLL still owns as a leak with size, order and handler', () => {
    const be = sim();
    const kept = be.host.runHandler('Dot11ExtIhvInitService', () => allocate(be, 7));
    const freed = allocate(be, 9);
    const adopted = allocate(be, 48);
    be.host.adoptBuffer(adopted, claim);
    const given = be.host.handToExtension(new Uint8Array(5));
    be.dot11ext.freeBuffer(freed);
    const leaks = be.host.deinitService();
    expect(kinds(leaks)).toEqual(['DOT11EXT_LEAK', 'DOT11EXT_LEAK']);
    expect(leaks[0]!.code).toBe(BugCheck.DRIVER_VERIFIER_DETECTED_VIOLATION);
    expect(leaks[0]!.params[0]).toBe(BigInt(VerifierCode.POOL_LEAKED_AT_UNLOAD));
    expect(leaks.map((v) => v.evidence)).toEqual([
      expect.objectContaining({ address: kept, size: 7, order: 1, allocatedBy: 'Dot11ExtIhvInitService', appVerifierStop: 0x900 }),
      expect.objectContaining({ address: given, size: 5, order: 4 }),
    ]);
    expect(be.dot11ext.allocateBuffer(1).status).toBe(Win32Error.ERROR_SUCCESS);
    expect(recorded(be).at(-1)).toBe('CALL_AFTER_DEINIT');
  });

  it('unloadDriver reports pool, NDIS memory and MDL blocks still allocated, but not NDIS default MDLs or Dot11Ext buffers', () => {
    const be = sim();
    const pool = be.kernel.exAllocatePoolWithTag(PoolType.PagedPool, 16, 0);
    const memory = be.kernel.ndisAllocateMemoryWithTagPriority(16, 0, 16);
    const host = be.memory.allocateHost(4096);
    const io = be.kernel.ioAllocateMdl(host, 100);
    const ndisMdl = be.kernel.ndisAllocateMdl(host, 100);
    be.ndis.allocateMdl(100);
    allocate(be, 4);
    const leaks = be.host.unloadDriver();
    expect(kinds(leaks)).toEqual(Array(4).fill('POOL_LEAK_AT_UNLOAD'));
    expect(leaks.map((v) => [v.evidence.address, v.evidence.allocator])).toEqual([
      [pool, 'pool'], [memory, 'ndis-memory'], [io, 'io-mdl'], [ndisMdl, 'ndis-mdl'],
    ]);
    expect(leaks[0]!.contract).toBe('kernel.pool.leak');
  });
});
