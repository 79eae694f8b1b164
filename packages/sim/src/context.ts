/** What every service module shares: the address space, the verified heap, the log, IRQL and faults. */
import type { AddressSpace } from './address-space.js';
import type { FaultInjector } from './faults.js';
import type { HostMemory } from './host-memory.js';
import type { IrqlState } from './irql.js';
import type { VerifiedHeap } from './verified-heap.js';
import type { ViolationLog } from './violation-log.js';

export interface SimContext {
  readonly space: AddressSpace;
  readonly heap: VerifiedHeap;
  readonly hostMemory: HostMemory;
  readonly log: ViolationLog;
  readonly irql: IrqlState;
  readonly faults: FaultInjector;
  /** The IHV handler the OS is running now, and whether DeinitService has returned. */
  readonly session: { handler: string | undefined; deinitialized: boolean };
}
