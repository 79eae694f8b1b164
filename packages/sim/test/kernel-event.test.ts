import { EventType, Irql, NtStatus } from '@ddikit/types';
import { describe, expect, it } from 'vitest';
import { DeadlockError } from '../src/index.js';
import { recorded, sim } from './helpers.js';

describe('KEVENT waits', () => {
  const withEvent = (type: number, signaled: boolean) => {
    const be = sim();
    const event = be.memory.allocateHost(24);
    be.kernel.keInitializeEvent(event, type, signaled);
    return { be, event };
  };

  it('a signaled notification event satisfies every wait and stays signaled', () => {
    const { be, event } = withEvent(EventType.NotificationEvent, true);
    expect(be.kernel.keWaitForSingleObject(event, null)).toBe(NtStatus.STATUS_SUCCESS);
    expect(be.kernel.keWaitForSingleObject(event, 0n)).toBe(NtStatus.STATUS_SUCCESS);
  });

  it('a synchronization event is reset by the wait it satisfies', () => {
    const { be, event } = withEvent(EventType.SynchronizationEvent, false);
    be.kernel.keSetEvent(event);
    expect(be.kernel.keWaitForSingleObject(event, -10_000n)).toBe(NtStatus.STATUS_SUCCESS);
    expect(be.kernel.keWaitForSingleObject(event, 0n)).toBe(NtStatus.STATUS_TIMEOUT);
  });

  it('an unsignaled event times out at once with a zero or nonzero timeout', () => {
    const { be, event } = withEvent(EventType.NotificationEvent, false);
    expect(be.kernel.keWaitForSingleObject(event, 0n)).toBe(NtStatus.STATUS_TIMEOUT);
    expect(be.kernel.keWaitForSingleObject(event, -10_000_000n)).toBe(NtStatus.STATUS_TIMEOUT);
    expect(be.violations()).toEqual([]);
  });

  it('an unsignaled event with no timeout throws DeadlockError naming the event', () => {
    const { be, event } = withEvent(EventType.NotificationEvent, false);
    let error: unknown;
    try {
      be.kernel.keWaitForSingleObject(event, null);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).event).toBe(event);
    expect((error as DeadlockError).name).toBe('DeadlockError');
  });

  it('at DISPATCH_LEVEL only a zero timeout is allowed: other waits are reported and not performed', () => {
    const { be, event } = withEvent(EventType.SynchronizationEvent, true);
    be.irql.raise(Irql.DISPATCH_LEVEL);
    expect(be.kernel.keWaitForSingleObject(event, null)).toBe(NtStatus.STATUS_TIMEOUT);
    expect(be.kernel.keWaitForSingleObject(event, -1n)).toBe(NtStatus.STATUS_TIMEOUT);
    expect(recorded(be)).toEqual(['WAIT_AT_DISPATCH', 'WAIT_AT_DISPATCH']);
    expect(be.violations()[0]!.evidence).toMatchObject({ service: 'KeWaitForSingleObject', irql: Irql.DISPATCH_LEVEL });
    // Not performed: the synchronization event is still signaled for the zero-timeout wait.
    expect(be.kernel.keWaitForSingleObject(event, 0n)).toBe(NtStatus.STATUS_SUCCESS);
    expect(be.violations()).toHaveLength(2);
  });

  it('throws RangeError for an address never initialized and for an unknown event type', () => {
    const be = sim();
    const event = be.memory.allocateHost(24);
    expect(() => be.kernel.keWaitForSingleObject(event, 0n)).toThrow(RangeError);
    expect(() => be.kernel.keSetEvent(event)).toThrow(RangeError);
    expect(() => be.kernel.keInitializeEvent(event, 2, false)).toThrow(RangeError);
    expect(() => be.kernel.keInitializeEvent(0n, EventType.NotificationEvent, false)).toThrow(/access violation/);
  });
});
