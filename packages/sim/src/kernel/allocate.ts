/** The path every kernel allocation shares once its own argument rules pass. */
import { Irql, type ViolationKindName } from '@ddikit/types';
import type { SimContext } from '../context.js';
import type { BlockRecord } from '../ledger.js';
import type { BlockRequest } from '../verified-heap.js';

export interface IrqlRule {
  service: string;
  /** Paged memory may be allocated up to APC_LEVEL only. */
  paged: boolean;
  /** The kind for a call above DISPATCH_LEVEL. */
  aboveDispatch?: ViolationKindName;
}

/** Whether the call's IRQL allows it; when not, the violation is recorded. */
export function irqlAllows(ctx: SimContext, { service, paged, aboveDispatch = 'NONPAGED_ALLOCATION_ABOVE_DISPATCH' }: IrqlRule): boolean {
  const irql = ctx.irql.current;
  if (paged && irql > Irql.APC_LEVEL) {
    ctx.log.report('PAGED_ALLOCATION_ABOVE_APC', { service, irql });
    return false;
  }
  if (irql > Irql.DISPATCH_LEVEL) {
    ctx.log.report(aboveDispatch, { service, irql });
    return false;
  }
  return true;
}

/** Pool services refuse an empty allocation (0xC4/0x00); true when `size` is zero and was reported. */
export function zeroSizeRefused(ctx: SimContext, service: string, size: number): boolean {
  if (size !== 0) return false;
  ctx.log.report('POOL_ZERO_SIZE', { service, irql: ctx.irql.current });
  return true;
}

/**
 * One fault-injection attempt of target `kernel`, then the memory limit, then the heap.
 * Undefined when the allocation fails; the driver owns what it gets.
 */
export function obtainKernelBlock(ctx: SimContext, service: string, request: Omit<BlockRequest, 'owner'>): BlockRecord | undefined {
  if (ctx.faults.attempt('kernel', service, request.size, ctx.session.handler)) return undefined;
  return ctx.heap.allocate({ ...request, owner: 'extension' });
}
