// Uses the packages as a consumer does: only the public exports of @ddikit/sim and @ddikit/types.
import { DeadlockError, createSimBackend } from '@ddikit/sim';
import {
  EventType, Irql, MDL_HEADER_SIZE, NdisStatus, Win32Error, decodeMdl, type BackendFactory,
} from '@ddikit/types';
import { describe, expect, it } from 'vitest';

describe('consumer script', () => {
  it('runs the design example and a Retreat through the public API', () => {
    const factory: BackendFactory = createSimBackend;
    const be = createSimBackend({ memoryLimit: 64 << 20, seed: 1 });
    const { status, buffer } = be.dot11ext.allocateBuffer(128);
    expect(status).toBe(Win32Error.ERROR_SUCCESS);
    be.memory.write(buffer, new Uint8Array([1, 2, 3]));
    be.dot11ext.freeBuffer(buffer);
    be.faults.failNth(1);
    expect(be.dot11ext.allocateBuffer(16)).toEqual({ status: Win32Error.ERROR_OUTOFMEMORY, buffer: 0n });
    be.irql.raise(Irql.DISPATCH_LEVEL);
    const r = be.ndis.allocateMdl(1514);
    expect(decodeMdl(be.memory.read(r.mdl, MDL_HEADER_SIZE)).byteCount).toBe(1514);
    be.ndis.freeMdl(r.mdl);
    be.irql.lower(Irql.PASSIVE_LEVEL);

    const nb = be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 64 });
    expect(be.ndis.retreatNetBufferDataStart(nb, 14, 0, null)).toBe(NdisStatus.NDIS_STATUS_SUCCESS);
    be.ndis.freeNetBuffer(nb);

    const event = be.memory.allocateHost(24);
    be.kernel.keInitializeEvent(event, EventType.NotificationEvent, false);
    expect(() => be.kernel.keWaitForSingleObject(event, null)).toThrow(DeadlockError);

    expect(be.violations()).toEqual([]);
    expect(be.liveAllocations()).toEqual([]);
    be.close();
    expect(typeof factory).toBe('function');
  });
});
