import { AppVerifierStop, BugCheck, PoolType, VerifierCode, Win32Error } from '@ddikit/types';
import { describe, expect, it } from 'vitest';
import { allocate, recorded, sim } from './helpers.js';

describe('Dot11ExtFreeBuffer', () => {
  it('does nothing for NULL', () => {
    const be = sim();
    be.dot11ext.freeBuffer(0n);
    expect(be.violations()).toEqual([]);
  });

  it('frees a live buffer the extension owns', () => {
    const be = sim();
    const p = allocate(be, 32);
    be.dot11ext.freeBuffer(p);
    expect(be.liveAllocations()).toEqual([]);
    expect(be.violations()).toEqual([]);
  });

  it('reports a double free as 0xC4/0x13 with AppVerifier stop 0x7, and changes nothing', () => {
    const be = sim();
    const p = be.host.runHandler('Dot11ExtIhvPerformPreAssociate', () => allocate(be, 24));
    be.dot11ext.freeBuffer(p);
    be.dot11ext.freeBuffer(p);
    const [v] = be.violations();
    expect(recorded(be)).toEqual(['DOT11EXT_DOUBLE_FREE']);
    expect(v!.code).toBe(BugCheck.DRIVER_VERIFIER_DETECTED_VIOLATION);
    expect(v!.params).toEqual([BigInt(VerifierCode.DOUBLE_FREE), p, 24n, 0n]);
    expect(v!.evidence).toMatchObject({ address: p, size: 24, order: 1, allocatedBy: 'Dot11ExtIhvPerformPreAssociate', appVerifierStop: AppVerifierStop.DOUBLE_FREE });
    expect(be.verify()).toEqual([]);
  });

  it('reports interior, host, pool and made-up pointers as foreign (0xC4/0x10, stop 0x6), freeing nothing', () => {
    const be = sim();
    const p = allocate(be, 64);
    const host = be.memory.allocateHost(64);
    const pool = be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 64, 0);
    for (const foreign of [p + 16n, host, pool, 0x1234n]) be.dot11ext.freeBuffer(foreign);
    expect(recorded(be)).toEqual(Array(4).fill('DOT11EXT_FOREIGN_FREE'));
    expect(be.violations()[0]!.params[0]).toBe(BigInt(VerifierCode.FREE_OF_UNALLOCATED_ADDRESS));
    expect(be.violations()[0]!.evidence.appVerifierStop).toBe(AppVerifierStop.WRONG_HEAP);
    expect(be.violations().map((v) => v.evidence.address)).toEqual([p + 16n, host, pool, 0x1234n]);
    expect(be.liveAllocations()).toHaveLength(2);
  });

  it('treats a pointer no longer tracked (out of the quarantine) as foreign', () => {
    const be = sim({ quarantineBytes: 0 });
    const p = allocate(be, 8);
    be.dot11ext.freeBuffer(p);
    be.dot11ext.freeBuffer(p);
    expect(recorded(be)).toEqual(['DOT11EXT_FOREIGN_FREE']);
  });

  it('records CALL_AFTER_DEINIT for every service call after DeinitService, then performs it', () => {
    const be = sim();
    be.host.deinitService();
    const { status, buffer } = be.dot11ext.allocateBuffer(4);
    expect(status).toBe(Win32Error.ERROR_SUCCESS);
    be.dot11ext.freeBuffer(buffer);
    be.dot11ext.freeBuffer(0n);
    expect(recorded(be)).toEqual(['CALL_AFTER_DEINIT', 'CALL_AFTER_DEINIT', 'CALL_AFTER_DEINIT']);
    expect(be.violations().map((v) => v.evidence.service)).toEqual(['Dot11ExtAllocateBuffer', 'Dot11ExtFreeBuffer', 'Dot11ExtFreeBuffer']);
    expect(be.liveAllocations()).toEqual([]);
  });

  it('ignores the IRQL: Dot11Ext services are user mode', () => {
    const be = sim();
    be.irql.raise(15);
    const p = allocate(be, 8);
    be.dot11ext.freeBuffer(p);
    expect(be.violations()).toEqual([]);
  });
});

describe('the other Dot11Ext services', () => {
  it('records each call with the handler that made it, in order', () => {
    const be = sim();
    be.dot11ext.recordServiceCall('Dot11ExtSetCurrentProfile');
    be.host.runHandler('Dot11ExtIhvPerformPreAssociate', () => {
      be.dot11ext.recordServiceCall('Dot11ExtGetProfileCustomUserData');
      be.dot11ext.recordServiceCall('Dot11ExtPreAssociateCompletion');
    });
    expect(be.dot11ext.serviceCalls()).toEqual([
      { service: 'Dot11ExtSetCurrentProfile' },
      { service: 'Dot11ExtGetProfileCustomUserData', handler: 'Dot11ExtIhvPerformPreAssociate' },
      { service: 'Dot11ExtPreAssociateCompletion', handler: 'Dot11ExtIhvPerformPreAssociate' },
    ]);
    expect(be.violations()).toEqual([]);
  });

  it('reports a call after DeinitService, naming the service', () => {
    const be = sim();
    be.host.deinitService();
    be.dot11ext.recordServiceCall('Dot11ExtSendUIRequest');
    expect(recorded(be)).toEqual(['CALL_AFTER_DEINIT']);
    expect(be.violations()[0]!.evidence.service).toBe('Dot11ExtSendUIRequest');
    expect(be.dot11ext.serviceCalls()).toEqual([{ service: 'Dot11ExtSendUIRequest' }]);
  });

  it('refuses to record the allocator or a name that is not a service', () => {
    const be = sim();
    expect(() => be.dot11ext.recordServiceCall('Dot11ExtAllocateBuffer')).toThrow(RangeError);
    expect(() => be.dot11ext.recordServiceCall('Dot11ExtNoSuchService' as never)).toThrow(RangeError);
    expect(be.dot11ext.serviceCalls()).toEqual([]);
  });
});
