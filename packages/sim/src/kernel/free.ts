/** The one free routine behind every kernel free service: ExFreePool(WithTag), NdisFreeMemory, IoFreeMdl, NdisFreeMdl, NetFreeMdl. */
import { Irql, type Allocator, type Pointer } from '@ddikit/types';
import type { SimContext } from '../context.js';
import { blockEvidence } from '../ledger.js';

export interface FreeMechanism {
  service: string;
  /** The only allocator whose blocks this service frees. */
  allocator: Allocator;
  /** How a call above DISPATCH_LEVEL is reported (NDIS's MDL callbacks have their own kind). */
  aboveDispatch: 'NONPAGED_FREE_ABOVE_DISPATCH' | 'MDL_FREE_ABOVE_DISPATCH';
}

export function freeKernelBlock(ctx: SimContext, mechanism: FreeMechanism, address: Pointer): void {
  const { service } = mechanism;
  const irql = ctx.irql.current;
  const record = ctx.heap.find(address);
  if (record?.state === 'live' && record.allocation.allocator !== mechanism.allocator) {
    ctx.log.report('FREE_MECHANISM_MISMATCH', { service, irql, ...blockEvidence(record), allocator: record.allocation.allocator });
    return;
  }
  if (!record) {
    ctx.log.report('POOL_FREE_UNALLOCATED', { service, irql, address });
    return;
  }
  if (record.state === 'quarantined') {
    ctx.log.report('POOL_DOUBLE_FREE', { service, irql, ...blockEvidence(record) });
    return;
  }
  // The block is freed even at a wrong IRQL, so one mistake is not also reported as a leak.
  if (record.allocation.paged && irql > Irql.APC_LEVEL) {
    ctx.log.report('PAGED_FREE_ABOVE_APC', { service, irql, ...blockEvidence(record) });
  } else if (irql > Irql.DISPATCH_LEVEL) {
    ctx.log.report(mechanism.aboveDispatch, { service, irql, ...blockEvidence(record) });
  }
  ctx.heap.free(record, { service, irql });
}
