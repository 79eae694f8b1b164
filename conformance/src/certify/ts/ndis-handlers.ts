/** Turns a NetAllocateMdl/NetFreeMdl pair written in TypeScript into the NdisHandlerPair certification drives. */
import type { AllocateMdlResult, Backend, KernelServices, MemoryAccess, NdisHandlerPair, Pointer } from '@ddikit/types';

export interface TsNdisModule {
  /** NetAllocateMdl(*BufferSize): the MDL, and the size it writes back to *BufferSize. */
  NetAllocateMdl(bufferSize: number): AllocateMdlResult;
  NetFreeMdl(mdl: Pointer): void;
}

export interface TsNdisDefinition {
  name: string;
  /** One loaded instance, calling the backend's kernel services as a driver calls the kernel's. */
  create(services: { kernel: KernelServices; memory: MemoryAccess }): TsNdisModule;
}

export function ndisHandlersFromTs(be: Backend, definition: TsNdisDefinition): NdisHandlerPair {
  const module = definition.create({ kernel: be.kernel, memory: be.memory });
  const allocateMdl = (bufferSize: number) => module.NetAllocateMdl(bufferSize);
  const freeMdl = (mdl: Pointer) => module.NetFreeMdl(mdl);
  return { source: definition.name, allocateMdl, freeMdl, allocateMdlRef: allocateMdl, freeMdlRef: freeMdl, close: () => {} };
}
