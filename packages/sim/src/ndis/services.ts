/** NDIS's side of the MDL contracts, assembled from the default allocator, the NET_BUFFER model and Retreat/Advance. */
import { checkPointer, checkSize, type NdisServices } from '@ddikit/types';
import type { SimContext } from '../context.js';
import { DefaultMdlAllocator } from './default-allocator.js';
import { NetBuffers } from './net-buffer.js';
import { createDataStartServices } from './retreat.js';

export function createNdisServices(ctx: SimContext): NdisServices {
  const defaults = new DefaultMdlAllocator(ctx);
  const netBuffers = new NetBuffers(ctx, defaults);
  return {
    allocateMdl: (bufferSize) => defaults.allocate(bufferSize),
    freeMdl: (mdl) => defaults.free(mdl),
    allocateNetBuffer({ dataOffset, dataLength }) {
      return netBuffers.allocate(checkSize(dataOffset, 'dataOffset'), checkSize(dataLength, 'dataLength'));
    },
    freeNetBuffer: (netBuffer) => netBuffers.free(checkPointer(netBuffer, 'netBuffer')),
    allocateNetBufferList(netBufferList) {
      return netBuffers.allocateList(netBufferList.map((nb) => checkPointer(nb, 'netBuffer')));
    },
    freeNetBufferList: (netBufferList) => netBuffers.freeList(checkPointer(netBufferList, 'netBufferList')),
    readNetBuffer: (netBuffer) => netBuffers.read(checkPointer(netBuffer, 'netBuffer')),
    ...createDataStartServices(ctx, netBuffers, defaults),
  };
}
