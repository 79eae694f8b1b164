/**
 * NDIS's default NetAllocateMdl/NetFreeMdl: one nonpaged block holding the MDL, its PFN
 * array and then the data, the MDL built as MmBuildMdlForNonPagedPool builds it. The data
 * ends where the block ends, so an overrun of the data hits the back guard.
 */
import { checkPointer, checkSize, PoolType, type AllocateMdlResult, type Pointer } from '@ddikit/types';
import { roundUp } from '../arguments.js';
import type { SimContext } from '../context.js';
import { irqlAllows, obtainKernelBlock } from '../kernel/allocate.js';
import { freeKernelBlock, type FreeMechanism } from '../kernel/free.js';
import { MAX_MDL_SIZE, buildMdl, initializeMdl, worstCaseMdlSize } from '../kernel/mdl.js';
import type { BlockRecord } from '../ledger.js';
import type { BlockRequest } from '../verified-heap.js';

const NET_FREE_MDL: FreeMechanism = { service: 'NetFreeMdl', allocator: 'net-mdl', aboveDispatch: 'MDL_FREE_ABOVE_DISPATCH' };

/** Room for the MDL and its PFNs before the data, kept 16-byte aligned so the data is too. */
const headerBytes = (size: number) => roundUp(worstCaseMdlSize(size), 16);

function blockRequest(size: number): Omit<BlockRequest, 'owner'> {
  return { allocator: 'net-mdl', size, callerBytes: headerBytes(size) + size, paged: false, poolType: PoolType.NonPagedPoolNx };
}

export class DefaultMdlAllocator {
  constructor(private readonly ctx: SimContext) {}

  /** NetAllocateMdl as NDIS calls it: IRQL rule, then a fault-injection attempt, then the memory limit. */
  allocate(bufferSize: number): AllocateMdlResult {
    const service = 'NetAllocateMdl';
    checkSize(bufferSize, '*BufferSize');
    const failed = { mdl: 0n, bufferSize };
    if (!irqlAllows(this.ctx, { service, paged: false, aboveDispatch: 'MDL_SERVICE_ABOVE_DISPATCH' })) return failed;
    if (bufferSize === 0 || worstCaseMdlSize(bufferSize) > MAX_MDL_SIZE) return failed;
    const record = obtainKernelBlock(this.ctx, service, blockRequest(bufferSize));
    return record ? { mdl: this.build(record, bufferSize), bufferSize } : failed;
  }

  /** An MDL for a NET_BUFFER the host sets up: no fault plan or IRQL applies, and exhaustion throws. */
  allocateForSetup(size: number): Pointer {
    if (worstCaseMdlSize(size) > MAX_MDL_SIZE) throw new RangeError(`an MDL cannot describe ${size} bytes`);
    const record = this.ctx.heap.allocate({ ...blockRequest(size), owner: 'extension' });
    if (!record) throw new Error(`memory limit reached: cannot set up an MDL of ${size} bytes`);
    return this.build(record, size);
  }

  /** NetFreeMdl as NDIS calls it: every free rule applies. */
  free(mdl: Pointer): void {
    freeKernelBlock(this.ctx, NET_FREE_MDL, checkPointer(mdl, 'Mdl'));
  }

  /** The host frees an MDL it set up (or NDIS made during a Retreat): no IRQL rule, since the host is not a driver. */
  release(mdl: Pointer): void {
    const record = this.ctx.heap.find(mdl);
    if (record?.state === 'live' && record.allocation.allocator === 'net-mdl') this.ctx.heap.free(record, { service: 'NetFreeMdl' });
  }

  private build(record: BlockRecord, size: number): Pointer {
    const mdl = record.allocation.address;
    const dataVa = mdl + BigInt(headerBytes(size));
    initializeMdl(this.ctx.space, mdl, dataVa, size);
    buildMdl(this.ctx.space, mdl);
    return mdl;
  }
}
