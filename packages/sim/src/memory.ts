/** Raw access to the simulated address space, as a driver's loads and stores would make it. */
import { checkPointer, checkSize, Irql, type MemoryAccess, type Pointer } from '@ddikit/types';
import type { SimContext } from './context.js';
import { blockEvidence } from './ledger.js';

export function createMemoryAccess(ctx: SimContext): MemoryAccess {
  // Pageable memory touched at DISPATCH_LEVEL or above would page-fault at an IRQL where
  // the fault cannot be served (0xD1); the sim sees every access, so it reports that.
  const checkPagedTouch = (address: Pointer, length: number) => {
    if (ctx.irql.current < Irql.DISPATCH_LEVEL) return;
    for (const record of ctx.heap.liveOverlapping(address, length)) {
      if (!record.allocation.paged) continue;
      ctx.log.report('PAGED_TOUCHED_AT_DISPATCH', { service: 'memory access', ...blockEvidence(record), irql: ctx.irql.current });
    }
  };

  return {
    read(address, length) {
      checkPointer(address, 'address');
      checkSize(length, 'length');
      const bytes = ctx.space.read(address, length);
      checkPagedTouch(address, length);
      return bytes;
    },
    write(address, bytes) {
      checkPointer(address, 'address');
      checkSize(bytes.length, 'bytes.length');
      ctx.space.write(address, bytes);
      checkPagedTouch(address, bytes.length);
    },
    allocateHost(size) {
      return ctx.hostMemory.allocate(checkSize(size, 'size'));
    },
    freeHost(address) {
      ctx.hostMemory.free(checkPointer(address, 'address'));
    },
  };
}
