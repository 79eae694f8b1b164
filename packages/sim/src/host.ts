/** The OS around an IHV extension: which handler runs, ownership transfers both ways, and the stop sequence. */
import { checkPointer, checkSize, formatPointer, type HostServices, type Pointer, type Violation } from '@ddikit/types';
import type { SimContext } from './context.js';
import { allocateDot11ExtBlock } from './dot11ext.js';
import { blockEvidence } from './ledger.js';

/** The block-owning allocators a driver module answers for at unload; net-mdl blocks are NDIS's own. */
const DRIVER_ALLOCATORS = new Set(['pool', 'ndis-memory', 'io-mdl', 'ndis-mdl']);

export function createHostServices(ctx: SimContext): HostServices {
  /** Runs `check` and returns the violations it recorded. */
  const collect = (check: () => void): Violation[] => {
    const before = ctx.log.count;
    check();
    return ctx.log.since(before);
  };

  return {
    runHandler(handler, body) {
      const previous = ctx.session.handler;
      ctx.session.handler = handler;
      try {
        return body();
      } finally {
        ctx.session.handler = previous;
      }
    },

    get currentHandler() {
      return ctx.session.handler;
    },

    adoptBuffer(buffer, { minimumSize, what }) {
      checkPointer(buffer, 'buffer');
      checkSize(minimumSize, 'minimumSize');
      return collect(() => {
        const record = ctx.heap.find(buffer);
        if (record?.allocation.allocator !== 'dot11ext') {
          ctx.log.report('TRANSFER_NOT_ALLOCATED', { service: what, address: buffer });
        } else if (record.state === 'quarantined') {
          ctx.log.report('TRANSFER_NOT_LIVE', { service: what, ...blockEvidence(record) });
        } else if (record.allocation.owner === 'os') {
          ctx.log.report('TRANSFER_NOT_OWNED', { service: what, ...blockEvidence(record) });
        } else {
          record.allocation.owner = 'os';
          if (record.allocation.size < minimumSize) ctx.log.report('TRANSFER_TOO_SMALL', { service: what, ...blockEvidence(record) });
          ctx.heap.checkGuards(record, { service: what });
        }
      });
    },

    releaseBuffer(buffer: Pointer) {
      checkPointer(buffer, 'buffer');
      const record = ctx.heap.find(buffer);
      if (record?.state !== 'live' || record.allocation.owner !== 'os') {
        throw new Error(`releaseBuffer(${formatPointer(buffer)}): the OS does not own a live buffer there`);
      }
      record.transferred = true;
      ctx.heap.free(record, { service: 'Dot11ExtFreeBuffer' });
    },

    handToExtension(bytes) {
      checkSize(bytes.length, 'bytes.length');
      // The OS's own allocation: fault plans do not apply, only the memory limit.
      const record = allocateDot11ExtBlock(ctx, bytes.length);
      if (!record) return 0n;
      ctx.space.write(record.allocation.address, bytes);
      return record.allocation.address;
    },

    deinitService() {
      return collect(() => {
        ctx.session.deinitialized = true;
        for (const record of ctx.heap.live()) {
          if (record.allocation.allocator === 'dot11ext' && record.allocation.owner === 'extension') {
            ctx.log.report('DOT11EXT_LEAK', { service: 'Dot11ExtIhvDeinitService', ...blockEvidence(record) });
          }
        }
      });
    },

    unloadDriver() {
      return collect(() => {
        for (const record of ctx.heap.live()) {
          const { allocator } = record.allocation;
          if (DRIVER_ALLOCATORS.has(allocator)) {
            ctx.log.report('POOL_LEAK_AT_UNLOAD', { service: 'DriverUnload', ...blockEvidence(record), allocator });
          }
        }
      });
    },
  };
}
