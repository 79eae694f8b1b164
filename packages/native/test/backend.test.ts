import {
  BugCheckError,
  decodeMdl,
  EventType,
  Irql,
  MdlFlag,
  NdisStatus,
  NtStatus,
  PoolFlags,
  PoolType,
  Win32Error,
  mdlSize,
  pageAlign,
  poolTag,
  readPointer,
  type Backend,
} from '@ddikit/types';
import { afterEach, describe, expect, it } from 'vitest';
import { createNativeBackend } from '../src/index.js';

const open: Backend[] = [];
function backend(options: Parameters<typeof createNativeBackend>[0] = {}) {
  const be = createNativeBackend(options);
  open.push(be);
  return be;
}
afterEach(() => {
  for (const be of open.splice(0)) {
    try {
      be.close();
    } catch {
      /* closed by the test */
    }
  }
});
const kinds = (be: Backend) => be.violations().map((v) => v.kind);

describe('the verified heap on real memory', () => {
  it('hands out 16-byte aligned, 0xCD-filled blocks between 0xFD guards', () => {
    const be = backend();
    const { status, buffer } = be.dot11ext.allocateBuffer(20);
    expect(status).toBe(Win32Error.ERROR_SUCCESS);
    expect(buffer % 16n).toBe(0n);
    const bytes = be.memory.read(buffer - 16n, 16 + 20 + 28);
    expect([...bytes.subarray(0, 16)].every((b) => b === 0xfd)).toBe(true);
    expect([...bytes.subarray(16, 36)].every((b) => b === 0xcd)).toBe(true);
    expect([...bytes.subarray(36)].every((b) => b === 0xfd)).toBe(true);
    expect(be.liveAllocations()).toMatchObject([{ address: buffer, size: 20, order: 1, allocator: 'dot11ext', owner: 'extension', paged: true }]);
    be.dot11ext.freeBuffer(buffer);
    expect(be.liveAllocations()).toEqual([]);
    expect(be.violations()).toEqual([]);
  });

  it('gives distinct live buffers, a unique pointer for 0 bytes, and OOM for 0xFFFFFFFF', () => {
    const be = backend();
    const a = be.dot11ext.allocateBuffer(0).buffer;
    const b = be.dot11ext.allocateBuffer(0).buffer;
    expect(a).not.toBe(0n);
    expect(a).not.toBe(b);
    expect(be.dot11ext.allocateBuffer(0xffffffff)).toEqual({ status: Win32Error.ERROR_OUTOFMEMORY, buffer: 0n });
    be.memory.write(a, new Uint8Array([1]));
    be.dot11ext.freeBuffer(a);
    be.dot11ext.freeBuffer(b);
    expect(be.violations().map((v) => [v.kind, v.evidence.offset])).toEqual([['DOT11EXT_OVERRUN', 0]]);
  });

  it('enforces the memory limit exactly', () => {
    const be = backend({ memoryLimit: 4096 });
    const big = be.dot11ext.allocateBuffer(4096);
    expect(big.status).toBe(0);
    expect(be.dot11ext.allocateBuffer(1)).toEqual({ status: Win32Error.ERROR_OUTOFMEMORY, buffer: 0n });
    expect(be.faults.injected()).toEqual([]);
    be.dot11ext.freeBuffer(big.buffer);
    expect(be.dot11ext.allocateBuffer(1).status).toBe(0);
  });

  it('ignores NULL, reports double, foreign and interior frees without changing anything', () => {
    const be = backend();
    be.dot11ext.freeBuffer(0n);
    const { buffer } = be.dot11ext.allocateBuffer(64);
    be.dot11ext.freeBuffer(buffer + 8n);
    const host = be.memory.allocateHost(32);
    be.dot11ext.freeBuffer(host);
    be.dot11ext.freeBuffer(buffer);
    be.dot11ext.freeBuffer(buffer);
    expect(kinds(be)).toEqual(['DOT11EXT_FOREIGN_FREE', 'DOT11EXT_FOREIGN_FREE', 'DOT11EXT_DOUBLE_FREE']);
    const double = be.violations()[2]!;
    expect(double.evidence).toMatchObject({ service: 'Dot11ExtFreeBuffer', address: buffer, size: 64, order: 1 });
    expect(double.params[0]).toBe(0x13n);
    be.memory.freeHost(host);
  });

  it('reports overruns and underruns with the first damaged offset, once', () => {
    const be = backend();
    const { buffer } = be.dot11ext.allocateBuffer(10);
    be.memory.write(buffer + 12n, new Uint8Array([0]));
    be.memory.write(buffer - 3n, new Uint8Array([0]));
    expect(be.verify().map((v) => [v.kind, v.evidence.offset, v.evidence.service])).toEqual([
      ['DOT11EXT_UNDERRUN', -3, 'heap verification'],
      ['DOT11EXT_OVERRUN', 12, 'heap verification'],
    ]);
    expect(be.verify()).toEqual([]);
    be.dot11ext.freeBuffer(buffer);
    expect(be.violations()).toHaveLength(2);
  });

  it('poisons freed blocks and finds writes after free in quarantine and on eviction', () => {
    const be = backend({ quarantineBytes: 256 });
    const { buffer } = be.dot11ext.allocateBuffer(64);
    be.dot11ext.freeBuffer(buffer);
    expect([...be.memory.read(buffer, 64)].every((b) => b === 0xdd)).toBe(true);
    be.memory.write(buffer + 5n, new Uint8Array([7]));
    expect(be.verify().map((v) => [v.kind, v.evidence.offset])).toEqual([['DOT11EXT_USE_AFTER_FREE', 5]]);
    be.memory.write(buffer + 6n, new Uint8Array([7]));
    for (let i = 0; i < 8; i++) be.dot11ext.freeBuffer(be.dot11ext.allocateBuffer(64).buffer);
    // the block left the quarantine: its poison was checked before its memory was reused
    expect(kinds(be)).toEqual(['DOT11EXT_USE_AFTER_FREE', 'DOT11EXT_USE_AFTER_FREE']);
    expect(be.violations()[1]!.evidence).toMatchObject({ address: buffer, offset: 6, service: 'heap verification' });
  });
});

describe('faults', () => {
  it('fails the n-th attempt once and records it', () => {
    const be = backend();
    be.faults.failNth(2, { target: 'dot11ext' });
    expect(be.dot11ext.allocateBuffer(8).status).toBe(0);
    be.host.runHandler('Dot11ExtIhvInitAdapter', () => {
      expect(be.dot11ext.allocateBuffer(9)).toEqual({ status: Win32Error.ERROR_OUTOFMEMORY, buffer: 0n });
    });
    expect(be.dot11ext.allocateBuffer(10).status).toBe(0);
    expect(be.faults.attempts).toBe(3);
    expect(be.faults.injected()).toEqual([{ service: 'Dot11ExtAllocateBuffer', attempt: 2, size: 9, handler: 'Dot11ExtIhvInitAdapter' }]);
    be.faults.clear();
    expect(be.faults.attempts).toBe(0);
    be.dot11ext.freeBuffer(0x1234n);
    expect(be.violations()[0]!.faultsInjected).toBe(true);
  });

  it('draws random failures from mulberry32 and honours the target', () => {
    const pattern = () => {
      const be = backend();
      be.faults.failRandomly({ probability: 0.5, seed: 42, target: 'kernel' });
      expect(be.dot11ext.allocateBuffer(8).status).toBe(0);
      expect(be.faults.attempts).toBe(0);
      return Array.from({ length: 32 }, () => be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 8, 1) === 0n);
    };
    const a = pattern();
    expect(a).toEqual(pattern());
    expect(a.filter(Boolean).length).toBeGreaterThan(4);
    expect(a.filter((x) => !x).length).toBeGreaterThan(4);
  });
});

describe('the host side of ownership transfer', () => {
  it('adopts, releases, and reports every misuse', () => {
    const be = backend();
    const { buffer } = be.dot11ext.allocateBuffer(48);
    expect(be.host.adoptBuffer(buffer, { minimumSize: 48, what: 'Dot11ExtIhvQueryUIRequest *ppIhvUIRequest' })).toEqual([]);
    expect(be.liveAllocations()[0]!.owner).toBe('os');
    expect(be.host.adoptBuffer(buffer, { minimumSize: 48, what: 'again' }).map((v) => [v.kind, v.evidence.service])).toEqual([
      ['TRANSFER_NOT_OWNED', 'again'],
    ]);
    be.dot11ext.freeBuffer(buffer);
    be.host.releaseBuffer(buffer);
    be.memory.write(buffer, new Uint8Array([1]));
    be.dot11ext.freeBuffer(buffer);
    expect(() => be.host.releaseBuffer(buffer)).toThrow(Error);
    const small = be.dot11ext.allocateBuffer(8).buffer;
    const adopted = be.host.adoptBuffer(small, { minimumSize: 16, what: 'x' });
    expect(adopted.map((v) => v.kind)).toEqual(['TRANSFER_TOO_SMALL']);
    expect(be.host.adoptBuffer(be.memory.allocateHost(8), { minimumSize: 1, what: 'y' }).map((v) => v.kind)).toEqual(['TRANSFER_NOT_ALLOCATED']);
    expect(be.verify().map((v) => v.kind)).toEqual(['WRITE_AFTER_TRANSFER']);
    expect(kinds(be)).toEqual([
      'TRANSFER_NOT_OWNED',
      'FREE_AFTER_TRANSFER',
      'FREE_AFTER_TRANSFER',
      'TRANSFER_TOO_SMALL',
      'TRANSFER_NOT_ALLOCATED',
      'WRITE_AFTER_TRANSFER',
    ]);
  });

  it('reports leaks at DeinitService and every later Dot11Ext call', () => {
    const be = backend();
    const data = be.host.handToExtension(new Uint8Array([9, 8, 7]));
    expect([...be.memory.read(data, 3)]).toEqual([9, 8, 7]);
    const mine = be.host.runHandler('Dot11ExtIhvInitAdapter', () => be.dot11ext.allocateBuffer(5).buffer);
    const leaks = be.host.deinitService();
    expect(leaks.map((v) => [v.kind, v.evidence.address, v.evidence.allocatedBy, v.evidence.service])).toEqual([
      ['DOT11EXT_LEAK', data, undefined, 'Dot11ExtIhvDeinitService'],
      ['DOT11EXT_LEAK', mine, 'Dot11ExtIhvInitAdapter', 'Dot11ExtIhvDeinitService'],
    ]);
    be.dot11ext.freeBuffer(mine);
    expect(be.violations().at(-1)).toMatchObject({ kind: 'CALL_AFTER_DEINIT', evidence: { service: 'Dot11ExtFreeBuffer' } });
    expect(be.liveAllocations()).toHaveLength(1);
  });

  it('restores the handler after the body, also when it throws', () => {
    const be = backend();
    expect(() =>
      be.host.runHandler('A', () =>
        be.host.runHandler('B', () => {
          throw new Error('x');
        }),
      ),
    ).toThrow('x');
    expect(be.host.currentHandler).toBeUndefined();
  });
});

describe('the other Dot11Ext services, called from TypeScript', () => {
  it('are recorded with their handler, and reported after DeinitService', () => {
    const be = backend();
    be.host.runHandler('Dot11ExtIhvPerformPreAssociate', () => be.dot11ext.recordServiceCall('Dot11ExtPreAssociateCompletion'));
    be.host.deinitService();
    be.dot11ext.recordServiceCall('Dot11ExtSendUIRequest');
    expect(be.dot11ext.serviceCalls()).toEqual([
      { service: 'Dot11ExtPreAssociateCompletion', handler: 'Dot11ExtIhvPerformPreAssociate' },
      { service: 'Dot11ExtSendUIRequest' },
    ]);
    expect(be.violations().map((v) => [v.kind, v.evidence.service])).toEqual([['CALL_AFTER_DEINIT', 'Dot11ExtSendUIRequest']]);
  });

  it('refuses to record the allocator or a name that is not a service', () => {
    const be = backend();
    expect(() => be.dot11ext.recordServiceCall('Dot11ExtFreeBuffer')).toThrow(RangeError);
    expect(() => be.dot11ext.recordServiceCall('Dot11ExtNoSuchService' as never)).toThrow(RangeError);
    expect(be.dot11ext.serviceCalls()).toEqual([]);
  });
});

describe('IRQL and kernel services', () => {
  it('raises and lowers, and reports bad transitions', () => {
    const be = backend();
    expect(be.irql.current).toBe(Irql.PASSIVE_LEVEL);
    expect(be.irql.raise(Irql.DISPATCH_LEVEL)).toBe(Irql.PASSIVE_LEVEL);
    expect(be.irql.raise(Irql.APC_LEVEL)).toBe(Irql.DISPATCH_LEVEL);
    be.irql.lower(Irql.HIGH_LEVEL);
    expect(be.irql.current).toBe(Irql.DISPATCH_LEVEL);
    expect(kinds(be)).toEqual(['BAD_IRQL_RAISE', 'BAD_IRQL_LOWER']);
    expect(() => be.irql.raise(16)).toThrow(RangeError);
    be.irql.lower(Irql.PASSIVE_LEVEL);
    const fresh = backend();
    expect(fresh.irql.current).toBe(Irql.PASSIVE_LEVEL);
  });

  it('applies the pool IRQL, size and free rules in order', () => {
    const be = backend();
    const tag = poolTag('ddkt');
    be.irql.raise(Irql.DISPATCH_LEVEL);
    expect(be.kernel.exAllocatePoolWithTag(PoolType.PagedPool, 16, tag)).toBe(0n);
    const np = be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 16, tag);
    expect(np).not.toBe(0n);
    expect(be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 0, tag)).toBe(0n);
    const zeroed = be.kernel.exAllocatePool2(PoolFlags.POOL_FLAG_NON_PAGED, 8, tag);
    expect([...be.memory.read(zeroed, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(be.kernel.exAllocatePool2(PoolFlags.POOL_FLAG_NON_PAGED | PoolFlags.POOL_FLAG_PAGED, 8, tag)).toBe(0n);
    be.kernel.ndisFreeMemory(np, 16, 0);
    be.kernel.exFreePoolWithTag(np, tag);
    be.kernel.exFreePool(np);
    be.kernel.exFreePool(0n);
    be.irql.lower(Irql.PASSIVE_LEVEL);
    const paged = be.kernel.exAllocatePoolWithTag(PoolType.PagedPool, 16, tag);
    be.irql.raise(Irql.DISPATCH_LEVEL);
    be.kernel.exFreePool(paged);
    be.irql.lower(Irql.PASSIVE_LEVEL);
    be.kernel.exFreePool(zeroed);
    expect(kinds(be)).toEqual([
      'PAGED_ALLOCATION_ABOVE_APC',
      'POOL_ZERO_SIZE',
      'FREE_MECHANISM_MISMATCH',
      'POOL_DOUBLE_FREE',
      'POOL_FREE_UNALLOCATED',
      'PAGED_FREE_ABOVE_APC',
    ]);
    const mismatch = be.violations()[2]!;
    expect(mismatch.evidence).toMatchObject({ service: 'NdisFreeMemory', allocator: 'pool', irql: Irql.DISPATCH_LEVEL });
    expect(be.liveAllocations()).toEqual([]);
  });

  it('builds MDLs and refuses paged memory', () => {
    const be = backend();
    const data = be.kernel.ndisAllocateMemoryWithTagPriority(6000, poolTag('data'), 16);
    const mdl = be.kernel.ioAllocateMdl(data + 100n, 5000);
    let m = decodeMdl(be.memory.read(mdl, 48));
    expect(m).toMatchObject({ next: 0n, mdlFlags: 0, startVa: pageAlign(data + 100n), byteCount: 5000, mappedSystemVa: 0n });
    expect(m.size).toBe(mdlSize(data + 100n, 5000));
    be.kernel.mmBuildMdlForNonPagedPool(mdl);
    m = decodeMdl(be.memory.read(mdl, 48));
    expect(m.mdlFlags & MdlFlag.MDL_SOURCE_IS_NONPAGED_POOL).toBeTruthy();
    expect(m.mappedSystemVa).toBe(data + 100n);
    expect(readPointer(be.memory, mdl + 48n)).toBe(pageAlign(data + 100n) >> 12n);
    expect(be.kernel.mmGetSystemAddressForMdlSafe(mdl, 16)).toBe(data + 100n);
    const paged = be.kernel.exAllocatePoolWithTag(PoolType.PagedPool, 64, 1);
    const pmdl = be.kernel.ioAllocateMdl(paged, 64);
    be.kernel.mmBuildMdlForNonPagedPool(pmdl);
    expect(kinds(be)).toEqual(['MDL_BUILT_FOR_PAGED_POOL']);
    be.kernel.ioFreeMdl(mdl);
    be.kernel.ioFreeMdl(pmdl);
    const nmdl = be.kernel.ndisAllocateMdl(data, 6000);
    expect(be.kernel.mmGetSystemAddressForMdlSafe(nmdl, 16)).toBe(data);
    expect(be.host.unloadDriver().map((v) => [v.kind, v.evidence.allocator, v.evidence.service])).toEqual([
      ['POOL_LEAK_AT_UNLOAD', 'ndis-memory', 'DriverUnload'],
      ['POOL_LEAK_AT_UNLOAD', 'pool', 'DriverUnload'],
      ['POOL_LEAK_AT_UNLOAD', 'ndis-mdl', 'DriverUnload'],
    ]);
  });

  it('waits on KEVENTs and refuses blocking waits at DISPATCH_LEVEL', () => {
    const be = backend();
    const ev = be.memory.allocateHost(24);
    expect(() => be.kernel.keWaitForSingleObject(ev, 0n)).toThrow(RangeError);
    be.kernel.keInitializeEvent(ev, EventType.SynchronizationEvent, true);
    expect(be.kernel.keWaitForSingleObject(ev, 0n)).toBe(NtStatus.STATUS_SUCCESS);
    expect(be.kernel.keWaitForSingleObject(ev, 0n)).toBe(NtStatus.STATUS_TIMEOUT);
    expect(be.kernel.keWaitForSingleObject(ev, -10_000n)).toBe(NtStatus.STATUS_TIMEOUT);
    be.kernel.keSetEvent(ev);
    be.irql.raise(Irql.DISPATCH_LEVEL);
    expect(be.kernel.keWaitForSingleObject(ev, null)).toBe(NtStatus.STATUS_TIMEOUT);
    expect(be.kernel.keWaitForSingleObject(ev, 0n)).toBe(NtStatus.STATUS_SUCCESS);
    expect(kinds(be)).toEqual(['WAIT_AT_DISPATCH']);
  });
});

describe('NDIS', () => {
  it("builds the default allocator's MDL in one nonpaged block", () => {
    const be = backend();
    be.irql.raise(Irql.DISPATCH_LEVEL);
    const { mdl, bufferSize } = be.ndis.allocateMdl(1514);
    expect(bufferSize).toBe(1514);
    const m = decodeMdl(be.memory.read(mdl, 48));
    const va = m.startVa + BigInt(m.byteOffset);
    expect(m).toMatchObject({ next: 0n, mdlFlags: MdlFlag.MDL_SOURCE_IS_NONPAGED_POOL, byteCount: 1514, mappedSystemVa: va });
    expect(m.byteOffset).toBeLessThan(4096);
    expect(m.size).toBe(mdlSize(va, 1514));
    be.memory.write(va, new Uint8Array(1514).fill(1));
    expect(be.liveAllocations()).toMatchObject([{ address: mdl, size: 1514, allocator: 'net-mdl', paged: false }]);
    be.memory.write(va + 1514n, new Uint8Array([0]));
    be.ndis.freeMdl(mdl);
    expect(kinds(be)).toEqual(['POOL_OVERRUN']);
    be.irql.raise(Irql.HIGH_LEVEL);
    expect(be.ndis.allocateMdl(100)).toEqual({ mdl: 0n, bufferSize: 100 });
    expect(kinds(be).at(-1)).toBe('MDL_SERVICE_ABOVE_DISPATCH');
  });

  it('retreats and advances exactly as NDIS does, with TypeScript handlers', () => {
    const be = backend();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 8, dataLength: 100 });
    expect(be.ndis.retreatNetBufferDataStart(nb, 4, 0, null)).toBe(NdisStatus.NDIS_STATUS_SUCCESS);
    expect(be.ndis.readNetBuffer(nb)).toMatchObject({ dataOffset: 4, dataLength: 104, currentMdlOffset: 4 });
    const asked: number[] = [];
    const alloc = (size: number) => {
      asked.push(size);
      return { ...be.ndis.allocateMdl(size + 3), bufferSize: size + 3 };
    };
    const before = be.ndis.readNetBuffer(nb);
    expect(be.ndis.retreatNetBufferDataStart(nb, 10, 32, () => ({ mdl: 0n, bufferSize: 0 }))).toBe(NdisStatus.NDIS_STATUS_RESOURCES);
    expect(be.ndis.readNetBuffer(nb)).toEqual(before);
    expect(be.ndis.retreatNetBufferDataStart(nb, 10, 32, alloc)).toBe(NdisStatus.NDIS_STATUS_SUCCESS);
    expect(asked).toEqual([32 + 10 - 4]);
    const after = be.ndis.readNetBuffer(nb);
    expect(after.mdlChain).not.toBe(before.mdlChain);
    expect(after.currentMdl).toBe(after.mdlChain);
    expect(after).toMatchObject({ dataOffset: 41 - 6, currentMdlOffset: 35, dataLength: 114 });
    expect(decodeMdl(be.memory.read(after.mdlChain, 48)).next).toBe(before.mdlChain);
    const freed: bigint[] = [];
    be.ndis.advanceNetBufferDataStart(nb, 10, true, (mdl) => {
      freed.push(mdl);
      be.ndis.freeMdl(mdl);
    });
    expect(freed).toEqual([after.mdlChain]);
    expect(be.ndis.readNetBuffer(nb)).toMatchObject({ mdlChain: before.mdlChain, dataOffset: 4, dataLength: 104 });
    expect(() => be.ndis.advanceNetBufferDataStart(nb, 105, false, null)).toThrow(RangeError);
    be.ndis.freeNetBuffer(nb);
    expect(be.liveAllocations()).toEqual([]);
    expect(be.violations()).toEqual([]);
  });

  it('rolls back the list form on the first failure', () => {
    const be = backend();
    const nbs = [0, 1, 2].map(() => be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 10 }));
    const nbl = be.ndis.allocateNetBufferList(nbs);
    let calls = 0;
    const alloc = (size: number) => (++calls === 3 ? { mdl: 0n, bufferSize: size } : be.ndis.allocateMdl(size));
    const freed: bigint[] = [];
    expect(be.ndis.retreatNetBufferListDataStart(nbl, 4, 0, alloc, null)).toBe(NtStatus.STATUS_INVALID_PARAMETER);
    expect(be.ndis.retreatNetBufferListDataStart(nbl, 4, 0, alloc, (m) => (freed.push(m), be.ndis.freeMdl(m)))).toBe(
      NdisStatus.NDIS_STATUS_RESOURCES,
    );
    expect(freed).toHaveLength(2);
    for (const nb of nbs) expect(be.ndis.readNetBuffer(nb)).toMatchObject({ dataOffset: 0, dataLength: 10 });
    be.ndis.freeNetBufferList(nbl);
    expect(be.liveAllocations()).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('throws after close and in bug-check mode', () => {
    const be = backend({ bugCheck: true });
    const { buffer } = be.dot11ext.allocateBuffer(8);
    be.dot11ext.freeBuffer(buffer);
    expect(() => be.dot11ext.freeBuffer(buffer)).toThrow(BugCheckError);
    expect(be.violations()).toHaveLength(1);
    be.close();
    expect(() => be.dot11ext.allocateBuffer(1)).toThrow('backend is closed');
    expect(() => be.violations()).toThrow('backend is closed');
  });

  it('keeps two backends independent', () => {
    const a = backend();
    const b = backend();
    a.dot11ext.allocateBuffer(1);
    b.dot11ext.freeBuffer(0x10n);
    expect(a.liveAllocations()).toHaveLength(1);
    expect(b.liveAllocations()).toHaveLength(0);
    expect(a.violations()).toEqual([]);
    expect(b.violations()).toHaveLength(1);
  });

  it('rejects sizes outside the DWORD range', () => {
    const be = backend();
    expect(() => be.dot11ext.allocateBuffer(-1)).toThrow(RangeError);
    expect(() => be.dot11ext.allocateBuffer(2 ** 32)).toThrow(RangeError);
    expect(() => be.dot11ext.allocateBuffer(1.5)).toThrow(RangeError);
    expect(() => be.memory.read(0n, 4)).toThrow(/not mapped/);
  });
});
