/**
 * NdisRetreatNetBufferDataStart, NdisRetreatNetBufferListDataStart and
 * NdisAdvanceNetBufferDataStart over the NET_BUFFER model, calling the driver's
 * NetAllocateMdl/NetFreeMdl handlers exactly when and how NDIS does.
 */
import {
  checkPointer,
  checkSize,
  MdlOffset, NdisStatus, NtStatus, formatPointer, type HandlerRef, type NdisServices, type NetAllocateMdlHandler,
  type NetFreeMdlHandler, type Pointer,
} from '@ddikit/types';
import type { SimContext } from '../context.js';
import { readMdl } from '../kernel/mdl.js';
import type { DefaultMdlAllocator } from './default-allocator.js';
import type { NetBuffers } from './net-buffer.js';

/** The sim runs TypeScript handlers only; a C function pointer needs a backend that loads native code. */
function typescriptHandler<F>(ref: HandlerRef<F>, role: string): F | null {
  if (typeof ref === 'bigint') {
    throw new TypeError(
      `${role} is a native function pointer (${formatPointer(ref)}); the sim backend calls TypeScript handlers only (use @ddikit/native for native code)`,
    );
  }
  if (ref !== null && typeof ref !== 'function') throw new TypeError(`${role} must be a function or null`);
  return ref;
}

type DataStartServices = Pick<NdisServices, 'retreatNetBufferDataStart' | 'retreatNetBufferListDataStart' | 'advanceNetBufferDataStart'>;

export function createDataStartServices(ctx: SimContext, netBuffers: NetBuffers, defaults: DefaultMdlAllocator): DataStartServices {
  const irqlAllows = (service: string) => {
    if (!ctx.irql.aboveDispatch) return true;
    ctx.log.report('MDL_SERVICE_ABOVE_DISPATCH', { service, irql: ctx.irql.current });
    return false;
  };

  const retreat = (netBuffer: Pointer, delta: number, backfill: number, allocate: NetAllocateMdlHandler | null): number => {
    const data = netBuffers.read(netBuffer);
    if (data.dataOffset >= delta) {
      netBuffers.write(netBuffer, { ...data, dataOffset: data.dataOffset - delta, dataLength: data.dataLength + delta });
      return NdisStatus.NDIS_STATUS_SUCCESS;
    }
    const request = backfill + delta - data.dataOffset;
    const { mdl, bufferSize: real } = allocate ? allocate(request) : defaults.allocate(request);
    if (mdl === 0n) return NdisStatus.NDIS_STATUS_RESOURCES;
    if (real < request) return NdisStatus.NDIS_STATUS_FAILURE;
    const next = new Uint8Array(8);
    new DataView(next.buffer).setBigUint64(0, data.mdlChain, true);
    ctx.space.write(mdl + BigInt(MdlOffset.Next), next);
    netBuffers.write(netBuffer, {
      ...data, mdlChain: mdl, dataOffset: real - (delta - data.dataOffset), dataLength: data.dataLength + delta,
    });
    netBuffers.rememberRetreatMdl(netBuffer, mdl, allocate === null);
    return NdisStatus.NDIS_STATUS_SUCCESS;
  };

  const advance = (netBuffer: Pointer, delta: number, freeMdl: boolean, free: NetFreeMdlHandler | null) => {
    const data = netBuffers.read(netBuffer);
    if (delta > data.dataLength) {
      throw new RangeError(`DataOffsetDelta ${delta} is more than the NET_BUFFER's DataLength ${data.dataLength}`);
    }
    let { mdlChain, dataOffset } = data;
    dataOffset += delta;
    const unlinked: Pointer[] = [];
    // Only MDLs a Retreat chained on are NDIS's to give back; the data's own MDLs stay.
    while (freeMdl && mdlChain !== 0n && netBuffers.isRetreatMdl(netBuffer, mdlChain)) {
      const head = readMdl(ctx.space, mdlChain);
      if (head.byteCount > dataOffset) break;
      unlinked.push(mdlChain);
      netBuffers.forgetMdl(netBuffer, mdlChain);
      dataOffset -= head.byteCount;
      mdlChain = head.next;
    }
    netBuffers.write(netBuffer, { ...data, mdlChain, dataOffset, dataLength: data.dataLength - delta });
    // The NET_BUFFER is consistent before any handler runs.
    for (const mdl of unlinked) (free ?? ((m: Pointer) => defaults.free(m)))(mdl);
  };

  return {
    retreatNetBufferDataStart(netBuffer, dataOffsetDelta, dataBackFill, allocateMdl) {
      checkPointer(netBuffer, 'NetBuffer');
      checkSize(dataOffsetDelta, 'DataOffsetDelta');
      checkSize(dataBackFill, 'DataBackFill');
      const allocate = typescriptHandler(allocateMdl, 'AllocateMdlHandler');
      if (!irqlAllows('NdisRetreatNetBufferDataStart')) return NdisStatus.NDIS_STATUS_FAILURE;
      return retreat(netBuffer, dataOffsetDelta, dataBackFill, allocate);
    },

    retreatNetBufferListDataStart(netBufferList, dataOffsetDelta, dataBackFill, allocateMdl, freeMdl) {
      checkPointer(netBufferList, 'NetBufferList');
      checkSize(dataOffsetDelta, 'DataOffsetDelta');
      checkSize(dataBackFill, 'DataBackFill');
      const allocate = typescriptHandler(allocateMdl, 'AllocateMdlHandler');
      const free = typescriptHandler(freeMdl, 'FreeMdlHandler');
      // Both handlers or neither: an MDL must be freed by the mechanism that allocated it.
      if ((allocate === null) !== (free === null)) return NtStatus.STATUS_INVALID_PARAMETER;
      if (!irqlAllows('NdisRetreatNetBufferListDataStart')) return NdisStatus.NDIS_STATUS_FAILURE;
      const done: Pointer[] = [];
      for (const netBuffer of netBuffers.inList(netBufferList)) {
        const status = retreat(netBuffer, dataOffsetDelta, dataBackFill, allocate);
        if (status !== NdisStatus.NDIS_STATUS_SUCCESS) {
          for (const retreated of done) advance(retreated, dataOffsetDelta, true, free);
          return status;
        }
        done.push(netBuffer);
      }
      return NdisStatus.NDIS_STATUS_SUCCESS;
    },

    advanceNetBufferDataStart(netBuffer, dataOffsetDelta, freeMdl, freeMdlHandler) {
      checkPointer(netBuffer, 'NetBuffer');
      checkSize(dataOffsetDelta, 'DataOffsetDelta');
      const free = typescriptHandler(freeMdlHandler, 'FreeMdlHandler');
      if (!irqlAllows('NdisAdvanceNetBufferDataStart')) return;
      advance(netBuffer, dataOffsetDelta, freeMdl, free);
    },
  };
}
