/**
 * Dot11ExtAllocateBuffer / Dot11ExtFreeBuffer, as the WLAN service provides them to an IHV DLL,
 * and the record of the DLL's calls to the other services of the table.
 */
import { checkPointer, checkSize, DOT11EXT_APIS, Win32Error, type Dot11ExtService, type Dot11ExtServices, type Pointer, type ServiceCall } from '@ddikit/types';
import type { SimContext } from './context.js';
import { blockEvidence, type BlockRecord } from './ledger.js';

/** A new extension-owned Dot11Ext block, or undefined when the memory limit is reached. */
export function allocateDot11ExtBlock(ctx: SimContext, byteCount: number): BlockRecord | undefined {
  // User-mode heap memory is pageable.
  return ctx.heap.allocate({ allocator: 'dot11ext', size: byteCount, callerBytes: byteCount, owner: 'extension', paged: true });
}

export function createDot11ExtServices(ctx: SimContext): Dot11ExtServices {
  const calls: ServiceCall[] = [];

  /** After DeinitService every service call is itself a violation, and is then performed as usual. */
  const enter = (service: Dot11ExtService) => {
    if (ctx.session.deinitialized) ctx.log.report('CALL_AFTER_DEINIT', { service });
  };

  return {
    allocateBuffer(byteCount) {
      checkSize(byteCount, 'dwByteCount');
      enter('Dot11ExtAllocateBuffer');
      const failed = ctx.faults.attempt('dot11ext', 'Dot11ExtAllocateBuffer', byteCount, ctx.session.handler);
      const record = failed ? undefined : allocateDot11ExtBlock(ctx, byteCount);
      return record
        ? { status: Win32Error.ERROR_SUCCESS, buffer: record.allocation.address }
        : { status: Win32Error.ERROR_OUTOFMEMORY, buffer: 0n };
    },

    freeBuffer(buffer: Pointer) {
      checkPointer(buffer, 'pvMemory');
      const service = 'Dot11ExtFreeBuffer';
      enter(service);
      if (buffer === 0n) return;
      const record = ctx.heap.find(buffer);
      if (record?.allocation.allocator !== 'dot11ext') {
        ctx.log.report('DOT11EXT_FOREIGN_FREE', { service, address: buffer });
      } else if (record.allocation.owner === 'os') {
        ctx.log.report('FREE_AFTER_TRANSFER', { service, ...blockEvidence(record) });
      } else if (record.state === 'quarantined') {
        ctx.log.report('DOT11EXT_DOUBLE_FREE', { service, ...blockEvidence(record) });
      } else {
        ctx.heap.free(record, { service });
      }
    },

    recordServiceCall(service) {
      if (!DOT11EXT_APIS.includes(service) || service === 'Dot11ExtAllocateBuffer' || service === 'Dot11ExtFreeBuffer') {
        throw new RangeError(`${String(service)} is not one of the Dot11Ext services that are recorded`);
      }
      enter(service);
      const handler = ctx.session.handler;
      calls.push(handler === undefined ? { service } : { service, handler });
    },

    serviceCalls: () => calls.map((call) => ({ ...call })),
  };
}
