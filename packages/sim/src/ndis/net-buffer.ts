/**
 * NET_BUFFERs and NET_BUFFER_LISTs in host memory at their real offsets, and what the
 * backend remembers about each NET_BUFFER's MDLs: which ones NDIS's default allocator made
 * (the backend frees them with the NET_BUFFER) and which ones a Retreat allocated (an
 * Advance with FreeMdl may free them).
 */
import {
  NET_BUFFER_LIST_SIZE, NET_BUFFER_SIZE, NetBufferListOffset, NetBufferOffset, decodeNetBuffer, encodeNetBuffer,
  formatPointer, type NetBufferData, type Pointer,
} from '@ddikit/types';
import type { SimContext } from '../context.js';
import { readMdl } from '../kernel/mdl.js';
import type { DefaultMdlAllocator } from './default-allocator.js';

interface NetBufferMdls {
  /** Made by NDIS's default allocator for this NET_BUFFER: at setup, or by a Retreat with no handler. */
  readonly byDefault: Set<Pointer>;
  /** Allocated by a Retreat (through any handler). */
  readonly byRetreat: Set<Pointer>;
}

const pointerBytes = (value: Pointer) => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value, true);
  return bytes;
};

export class NetBuffers {
  private readonly mdls = new Map<Pointer, NetBufferMdls>();

  constructor(
    private readonly ctx: SimContext,
    private readonly defaultAllocator: DefaultMdlAllocator,
  ) {}

  read(netBuffer: Pointer): NetBufferData {
    return decodeNetBuffer(this.ctx.space.read(netBuffer, NET_BUFFER_SIZE));
  }

  /** Writes the data-start fields, CurrentMdl and CurrentMdlOffset re-found from DataOffset. */
  write(netBuffer: Pointer, data: Omit<NetBufferData, 'currentMdl' | 'currentMdlOffset'>): void {
    this.ctx.space.write(netBuffer, encodeNetBuffer(this.withCurrentMdl(data)));
  }

  allocate(dataOffset: number, dataLength: number): Pointer {
    const total = dataOffset + dataLength;
    if (total === 0 || total > 0xffff_ffff) throw new RangeError(`a NET_BUFFER needs 1..0xFFFFFFFF bytes of MDL, got ${total}`);
    const mdl = this.defaultAllocator.allocateForSetup(total);
    const netBuffer = this.ctx.hostMemory.allocate(NET_BUFFER_SIZE);
    this.write(netBuffer, { next: 0n, dataLength, mdlChain: mdl, dataOffset });
    this.mdlsOf(netBuffer).byDefault.add(mdl);
    return netBuffer;
  }

  free(netBuffer: Pointer): void {
    const mdls = this.mdls.get(netBuffer);
    if (!mdls) throw new Error(`freeNetBuffer(${formatPointer(netBuffer)}): not a NET_BUFFER from allocateNetBuffer`);
    for (const mdl of mdls.byDefault) this.defaultAllocator.release(mdl);
    this.mdls.delete(netBuffer);
    this.ctx.hostMemory.free(netBuffer);
  }

  allocateList(netBuffers: Pointer[]): Pointer {
    for (const nb of netBuffers) if (!this.mdls.has(nb)) throw new Error(`allocateNetBufferList: ${formatPointer(nb)} is not a NET_BUFFER from allocateNetBuffer`);
    netBuffers.forEach((nb, i) => this.ctx.space.write(nb + BigInt(NetBufferOffset.Next), pointerBytes(netBuffers[i + 1] ?? 0n)));
    const list = this.ctx.hostMemory.allocate(NET_BUFFER_LIST_SIZE);
    this.ctx.space.write(list + BigInt(NetBufferListOffset.FirstNetBuffer), pointerBytes(netBuffers[0] ?? 0n));
    return list;
  }

  freeList(netBufferList: Pointer): void {
    for (const nb of this.inList(netBufferList)) this.free(nb);
    this.ctx.hostMemory.free(netBufferList);
  }

  /** The list's NET_BUFFERs, in order. */
  inList(netBufferList: Pointer): Pointer[] {
    const list: Pointer[] = [];
    const first = this.ctx.space.read(netBufferList + BigInt(NetBufferListOffset.FirstNetBuffer), 8);
    for (let nb = new DataView(first.buffer).getBigUint64(0, true); nb !== 0n; nb = this.read(nb).next) list.push(nb);
    return list;
  }

  /** A Retreat chained `mdl` at the head of the NET_BUFFER's chain. */
  rememberRetreatMdl(netBuffer: Pointer, mdl: Pointer, byDefault: boolean): void {
    const mdls = this.mdlsOf(netBuffer);
    mdls.byRetreat.add(mdl);
    if (byDefault) mdls.byDefault.add(mdl);
  }

  isRetreatMdl(netBuffer: Pointer, mdl: Pointer): boolean {
    return this.mdls.get(netBuffer)?.byRetreat.has(mdl) ?? false;
  }

  /** An Advance unlinked `mdl` to free it: the NET_BUFFER no longer answers for it. */
  forgetMdl(netBuffer: Pointer, mdl: Pointer): void {
    const mdls = this.mdls.get(netBuffer);
    mdls?.byRetreat.delete(mdl);
    mdls?.byDefault.delete(mdl);
  }

  private mdlsOf(netBuffer: Pointer): NetBufferMdls {
    let mdls = this.mdls.get(netBuffer);
    if (!mdls) {
      mdls = { byDefault: new Set(), byRetreat: new Set() };
      this.mdls.set(netBuffer, mdls);
    }
    return mdls;
  }

  /** Walks the chain from MdlChain by DataOffset to the MDL the data starts in. */
  private withCurrentMdl(data: Omit<NetBufferData, 'currentMdl' | 'currentMdlOffset'>): NetBufferData {
    let currentMdl = data.mdlChain;
    let currentMdlOffset = data.dataOffset;
    while (currentMdl !== 0n) {
      const mdl = readMdl(this.ctx.space, currentMdl);
      if (currentMdlOffset < mdl.byteCount || mdl.next === 0n) break;
      currentMdlOffset -= mdl.byteCount;
      currentMdl = mdl.next;
    }
    return { ...data, currentMdl, currentMdlOffset };
  }
}
