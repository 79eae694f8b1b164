/** KEVENTs and KeWaitForSingleObject, with the rule that only a zero-timeout wait is allowed at DISPATCH_LEVEL. */
import { checkPointer, EventType, Irql, NtStatus, formatPointer, type KernelServices, type Pointer } from '@ddikit/types';
import type { SimContext } from '../context.js';

/** sizeof(KEVENT) on x64: the DISPATCHER_HEADER. */
const KEVENT_SIZE = 24;

/**
 * A wait that can never end: the sim has one thread, so nothing can signal the event. On
 * Windows the thread would hang; here the caller learns at once, with the event's address.
 */
export class DeadlockError extends Error {
  readonly event: Pointer;
  constructor(event: Pointer) {
    super(`KeWaitForSingleObject(${formatPointer(event)}) waits with no timeout on an event nothing can signal: the thread would hang for ever`);
    this.name = 'DeadlockError';
    this.event = event;
  }
}

interface KEvent {
  type: number;
  signaled: boolean;
}

type EventServices = Pick<KernelServices, 'keInitializeEvent' | 'keSetEvent' | 'keWaitForSingleObject'>;

export function createEventServices(ctx: SimContext): EventServices {
  const events = new Map<Pointer, KEvent>();

  const find = (event: Pointer): KEvent => {
    const found = events.get(checkPointer(event, 'Object'));
    if (!found) throw new RangeError(`${formatPointer(event)} is not a KEVENT: call keInitializeEvent first`);
    return found;
  };

  return {
    keInitializeEvent(event, type, signaled) {
      checkPointer(event, 'Event');
      if (type !== EventType.NotificationEvent && type !== EventType.SynchronizationEvent) {
        throw new RangeError(`an event type is NotificationEvent (0) or SynchronizationEvent (1), got ${String(type)}`);
      }
      // The KEVENT lives in the caller's memory; an address nobody mapped faults as it would on Windows.
      ctx.space.fill(event, KEVENT_SIZE, 0);
      events.set(event, { type, signaled });
    },

    keSetEvent(event) {
      find(event).signaled = true;
    },

    keWaitForSingleObject(object, timeout) {
      const event = find(object);
      const irql = ctx.irql.current;
      if (irql >= Irql.DISPATCH_LEVEL && timeout !== 0n) {
        ctx.log.report('WAIT_AT_DISPATCH', { service: 'KeWaitForSingleObject', irql, address: object });
        return NtStatus.STATUS_TIMEOUT;
      }
      if (event.signaled) {
        // A synchronization event releases one waiter and resets itself.
        if (event.type === EventType.SynchronizationEvent) event.signaled = false;
        return NtStatus.STATUS_SUCCESS;
      }
      if (timeout === null) throw new DeadlockError(object);
      return NtStatus.STATUS_TIMEOUT;
    },
  };
}
