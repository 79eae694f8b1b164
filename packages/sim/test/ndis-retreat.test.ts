import {
  Irql, MDL_HEADER_SIZE, NdisStatus, NtStatus, decodeMdl, type AllocateMdlResult, type Backend, type NetAllocateMdlHandler,
} from '@ddikit/types';
import { describe, expect, it, vi } from 'vitest';
import { recorded, sim } from './helpers.js';

const mdlAt = (be: Backend, mdl: bigint) => decodeMdl(be.memory.read(mdl, MDL_HEADER_SIZE));

/** A handler pair over NDIS's default allocator, recording its calls; `round` rounds sizes up. */
function handlers(be: Backend, round = 1) {
  const allocate = vi.fn<NetAllocateMdlHandler>((size: number): AllocateMdlResult => {
    const real = Math.ceil(size / round) * round;
    return { mdl: be.ndis.allocateMdl(real).mdl, bufferSize: real };
  });
  const free = vi.fn((mdl: bigint) => be.ndis.freeMdl(mdl));
  return { allocate, free };
}

describe('NET_BUFFERs and Retreat/Advance', () => {
  it('allocateNetBuffer lays out a NET_BUFFER with one default MDL of DataOffset + DataLength bytes', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 40, dataLength: 100 });
    const data = be.ndis.readNetBuffer(nb);
    expect(data).toEqual({ next: 0n, currentMdl: data.mdlChain, currentMdlOffset: 40, dataLength: 100, mdlChain: data.mdlChain, dataOffset: 40 });
    expect(mdlAt(be, data.mdlChain).byteCount).toBe(140);
    expect(be.liveAllocations()).toEqual([expect.objectContaining({ allocator: 'net-mdl', size: 140 })]);
    expect(() => be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 0 })).toThrow(RangeError);
    be.ndis.freeNetBuffer(nb);
    expect(be.liveAllocations()).toEqual([]);
  });

  it('allocateNetBuffer ignores fault plans and throws when memory is exhausted', () => {
    const be = sim({ memoryLimit: 256 });
    be.faults.failNth(1);
    be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 16 });
    expect(be.faults.attempts).toBe(0);
    expect(() => be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 200 })).toThrow(/memory limit/);
  });

  it('retreats within DataOffset without calling the handler', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 40, dataLength: 100 });
    const { allocate } = handlers(be);
    expect(be.ndis.retreatNetBufferDataStart(nb, 40, 0, allocate)).toBe(NdisStatus.NDIS_STATUS_SUCCESS);
    expect(allocate).not.toHaveBeenCalled();
    expect(be.ndis.readNetBuffer(nb)).toMatchObject({ dataOffset: 0, currentMdlOffset: 0, dataLength: 140 });
  });

  it('calls the handler once, when DataOffset < delta, with BackFill + delta - DataOffset, and chains the MDL at the head', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 10, dataLength: 100 });
    const old = be.ndis.readNetBuffer(nb).mdlChain;
    const { allocate } = handlers(be);
    expect(be.ndis.retreatNetBufferDataStart(nb, 14, 32, allocate)).toBe(NdisStatus.NDIS_STATUS_SUCCESS);
    expect(allocate.mock.calls).toEqual([[32 + 14 - 10]]);
    const mdl = allocate.mock.results[0]!.value.mdl as bigint;
    expect(be.ndis.readNetBuffer(nb)).toEqual({ next: 0n, mdlChain: mdl, currentMdl: mdl, dataOffset: 32, currentMdlOffset: 32, dataLength: 114 });
    expect(mdlAt(be, mdl).next).toBe(old);
  });

  it('uses the size a rounding handler writes back', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 60 });
    const { allocate } = handlers(be, 128);
    be.ndis.retreatNetBufferDataStart(nb, 14, 0, allocate);
    expect(allocate.mock.calls).toEqual([[14]]);
    expect(be.ndis.readNetBuffer(nb)).toMatchObject({ dataOffset: 128 - 14, currentMdlOffset: 114, dataLength: 74 });
  });

  it('a NULL handler means the default allocator; freeNetBuffer frees what it made', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 60 });
    expect(be.ndis.retreatNetBufferDataStart(nb, 20, 12, null)).toBe(NdisStatus.NDIS_STATUS_SUCCESS);
    expect(be.liveAllocations().map((a) => [a.allocator, a.size])).toEqual([['net-mdl', 60], ['net-mdl', 32]]);
    expect(be.ndis.readNetBuffer(nb)).toMatchObject({ dataOffset: 12, dataLength: 80 });
    be.ndis.freeNetBuffer(nb);
    expect(be.liveAllocations()).toEqual([]);
  });

  it('a handler returning NULL gives NDIS_STATUS_RESOURCES and leaves the NET_BUFFER byte-identical', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 4, dataLength: 60 });
    const before = be.memory.read(nb, 48);
    const failing = vi.fn(() => ({ mdl: 0n, bufferSize: 0 }));
    expect(be.ndis.retreatNetBufferDataStart(nb, 20, 0, failing)).toBe(NdisStatus.NDIS_STATUS_RESOURCES);
    expect(failing).toHaveBeenCalledOnce();
    expect(be.memory.read(nb, 48)).toEqual(before);
    be.faults.failNth(1);
    expect(be.ndis.retreatNetBufferDataStart(nb, 20, 0, null)).toBe(NdisStatus.NDIS_STATUS_RESOURCES);
    expect(be.memory.read(nb, 48)).toEqual(before);
  });

  it('a written-back size below the request gives NDIS_STATUS_FAILURE with the NET_BUFFER unchanged', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 60 });
    const before = be.memory.read(nb, 48);
    const short = (size: number) => ({ mdl: be.ndis.allocateMdl(size).mdl, bufferSize: size - 1 });
    expect(be.ndis.retreatNetBufferDataStart(nb, 20, 0, short)).toBe(NdisStatus.NDIS_STATUS_FAILURE);
    expect(be.memory.read(nb, 48)).toEqual(before);
  });

  it('above DISPATCH_LEVEL Retreat and Advance are reported and change nothing', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 40, dataLength: 60 });
    const before = be.memory.read(nb, 48);
    be.irql.raise(Irql.HIGH_LEVEL);
    expect(be.ndis.retreatNetBufferDataStart(nb, 4, 0, null)).toBe(NdisStatus.NDIS_STATUS_FAILURE);
    be.ndis.advanceNetBufferDataStart(nb, 4, false, null);
    expect(be.memory.read(nb, 48)).toEqual(before);
    expect(recorded(be)).toEqual(['MDL_SERVICE_ABOVE_DISPATCH', 'MDL_SERVICE_ABOVE_DISPATCH']);
    expect(be.violations().map((v) => v.evidence.service)).toEqual(['NdisRetreatNetBufferDataStart', 'NdisAdvanceNetBufferDataStart']);
  });

  it('Advance frees Retreat-allocated MDLs through the handler passed, and never the data MDL', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 60 });
    const original = be.ndis.readNetBuffer(nb).mdlChain;
    const { allocate, free } = handlers(be);
    be.ndis.retreatNetBufferDataStart(nb, 14, 0, allocate);
    const added = allocate.mock.results[0]!.value.mdl as bigint;
    be.ndis.advanceNetBufferDataStart(nb, 10, true, free);
    expect(free).not.toHaveBeenCalled(); // 4 bytes of data still in the added MDL
    be.ndis.advanceNetBufferDataStart(nb, 4, true, free);
    expect(free.mock.calls).toEqual([[added]]);
    expect(be.ndis.readNetBuffer(nb)).toEqual({ next: 0n, mdlChain: original, currentMdl: original, dataOffset: 0, currentMdlOffset: 0, dataLength: 60 });
    be.ndis.advanceNetBufferDataStart(nb, 60, true, free);
    expect(free).toHaveBeenCalledOnce();
    expect(be.ndis.readNetBuffer(nb)).toMatchObject({ mdlChain: original, dataOffset: 60, dataLength: 0 });
    expect(() => be.ndis.advanceNetBufferDataStart(nb, 1, true, free)).toThrow(RangeError);
  });

  it('Advance without FreeMdl keeps the MDL and re-finds CurrentMdl across the chain', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 60 });
    const original = be.ndis.readNetBuffer(nb).mdlChain;
    be.ndis.retreatNetBufferDataStart(nb, 16, 0, null);
    const added = be.ndis.readNetBuffer(nb).mdlChain;
    be.ndis.advanceNetBufferDataStart(nb, 20, false, null);
    expect(be.ndis.readNetBuffer(nb)).toEqual({ next: 0n, mdlChain: added, currentMdl: original, dataOffset: 20, currentMdlOffset: 4, dataLength: 56 });
    expect(be.liveAllocations()).toHaveLength(2);
  });

  it('Advance with FreeMdl and a NULL handler frees through the default NetFreeMdl', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 60 });
    be.ndis.retreatNetBufferDataStart(nb, 16, 0, null);
    be.ndis.advanceNetBufferDataStart(nb, 16, true, null);
    expect(be.liveAllocations()).toHaveLength(1);
    be.ndis.freeNetBuffer(nb);
    expect(be.liveAllocations()).toEqual([]);
    expect(be.violations()).toEqual([]);
  });

  it('the list form retreats every NET_BUFFER, and on a failure rolls back through the free handler', () => {
    const be = sim();
    const nbs = [0, 1, 2].map(() => be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 50 }));
    const nbl = be.ndis.allocateNetBufferList(nbs);
    const before = nbs.map((nb) => be.memory.read(nb, 48));
    const { allocate, free } = handlers(be);
    let calls = 0;
    const thirdFails = (size: number) => (++calls === 3 ? { mdl: 0n, bufferSize: size } : allocate(size));
    expect(be.ndis.retreatNetBufferListDataStart(nbl, 8, 0, thirdFails, free)).toBe(NdisStatus.NDIS_STATUS_RESOURCES);
    expect(free.mock.calls.map(([mdl]) => mdl)).toEqual(allocate.mock.results.map((r) => r.value.mdl));
    expect(nbs.map((nb) => be.memory.read(nb, 48))).toEqual(before);
    expect(be.liveAllocations()).toHaveLength(3);

    expect(be.ndis.retreatNetBufferListDataStart(nbl, 8, 0, allocate, free)).toBe(NdisStatus.NDIS_STATUS_SUCCESS);
    expect(nbs.map((nb) => be.ndis.readNetBuffer(nb).dataLength)).toEqual([58, 58, 58]);
    expect(be.ndis.readNetBuffer(nbs[0]!).next).toBe(nbs[1]);
    expect(be.ndis.readNetBuffer(nbs[2]!).next).toBe(0n);
  });

  it('the list form with exactly one NULL handler returns STATUS_INVALID_PARAMETER and changes nothing', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 50 });
    const nbl = be.ndis.allocateNetBufferList([nb]);
    const before = be.memory.read(nb, 48);
    const { allocate, free } = handlers(be);
    expect(be.ndis.retreatNetBufferListDataStart(nbl, 8, 0, allocate, null)).toBe(NtStatus.STATUS_INVALID_PARAMETER);
    expect(be.ndis.retreatNetBufferListDataStart(nbl, 8, 0, null, free)).toBe(NtStatus.STATUS_INVALID_PARAMETER);
    expect(allocate).not.toHaveBeenCalled();
    expect(be.memory.read(nb, 48)).toEqual(before);
    expect(be.ndis.retreatNetBufferListDataStart(nbl, 8, 0, null, null)).toBe(NdisStatus.NDIS_STATUS_SUCCESS);
    be.ndis.freeNetBufferList(nbl);
    expect(be.liveAllocations()).toEqual([]);
  });

  it('throws TypeError for a native function pointer handler', () => {
    const be = sim();
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 50 });
    const nbl = be.ndis.allocateNetBufferList([nb]);
    expect(() => be.ndis.retreatNetBufferDataStart(nb, 8, 0, 0x7ff6_1234_0000n)).toThrow(/native function pointer.*TypeScript handlers only/);
    expect(() => be.ndis.advanceNetBufferDataStart(nb, 8, true, 0x10n)).toThrow(TypeError);
    expect(() => be.ndis.retreatNetBufferListDataStart(nbl, 8, 0, null, 0x10n)).toThrow(TypeError);
  });
});
