import {
  Irql, MDL_HEADER_SIZE, MdlFlag, PoolType, VerifierCode, byteOffset, decodeMdl, mdlSize, pageAlign, type Backend,
} from '@ddikit/types';
import { describe, expect, it } from 'vitest';
import { recorded, sim } from './helpers.js';

const mdlAt = (be: Backend, mdl: bigint) => decodeMdl(be.memory.read(mdl, MDL_HEADER_SIZE));
const pfns = (be: Backend, mdl: bigint, count: number) => {
  const raw = be.memory.read(mdl + BigInt(MDL_HEADER_SIZE), 8 * count);
  return Array.from({ length: count }, (_, i) => new DataView(raw.buffer).getBigUint64(8 * i, true));
};

describe('kernel MDL services', () => {
  it('IoAllocateMdl makes an unbuilt MDL of MmSizeOfMdl bytes describing the range', () => {
    const be = sim();
    const host = be.memory.allocateHost(3 * 4096);
    const va = host + 0x123n;
    const mdl = be.kernel.ioAllocateMdl(va, 5000);
    expect(mdlAt(be, mdl)).toEqual({
      next: 0n, size: mdlSize(va, 5000), mdlFlags: 0, process: 0n, mappedSystemVa: 0n,
      startVa: pageAlign(va), byteOffset: byteOffset(va), byteCount: 5000,
    });
    expect(be.liveAllocations()[0]).toMatchObject({ address: mdl, allocator: 'io-mdl', size: mdlSize(va, 5000), paged: false });
    be.kernel.ioFreeMdl(mdl);
    expect(be.liveAllocations()).toEqual([]);
    expect(be.violations()).toEqual([]);
  });

  it('IoAllocateMdl returns NULL for a zero length, and above DISPATCH_LEVEL reports 0xC4/0x02', () => {
    const be = sim();
    const host = be.memory.allocateHost(64);
    expect(be.kernel.ioAllocateMdl(host, 0)).toBe(0n);
    expect(be.violations()).toEqual([]);
    be.irql.raise(Irql.HIGH_LEVEL);
    expect(be.kernel.ioAllocateMdl(host, 64)).toBe(0n);
    expect(recorded(be)).toEqual(['NONPAGED_ALLOCATION_ABOVE_DISPATCH']);
    expect(be.liveAllocations()).toEqual([]);
  });

  it('returns NULL for a range whose MDL Size would not fit its CSHORT', () => {
    const be = sim({ memoryLimit: 2 ** 31 });
    const host = be.memory.allocateHost(16);
    expect(be.kernel.ioAllocateMdl(host, 0xffff_ffff)).toBe(0n);
    expect(be.ndis.allocateMdl(64 * 2 ** 20).mdl).toBe(0n);
    expect(be.liveAllocations()).toEqual([]);
  });

  it('MmBuildMdlForNonPagedPool fills the PFNs, maps the MDL and sets SOURCE_IS_NONPAGED_POOL', () => {
    const be = sim();
    const block = be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 9000, 0);
    const mdl = be.kernel.ioAllocateMdl(block, 9000);
    be.kernel.mmBuildMdlForNonPagedPool(mdl);
    const built = mdlAt(be, mdl);
    expect(built.mappedSystemVa).toBe(block);
    expect(built.mdlFlags).toBe(MdlFlag.MDL_SOURCE_IS_NONPAGED_POOL);
    const pages = (built.size - MDL_HEADER_SIZE) / 8;
    const first = pageAlign(block) >> 12n;
    expect(pfns(be, mdl, pages)).toEqual(Array.from({ length: pages }, (_, i) => first + BigInt(i)));
    expect(be.kernel.mmGetSystemAddressForMdlSafe(mdl, 16)).toBe(block);
  });

  it('MmBuildMdlForNonPagedPool over paged pool reports 0xC4/0x7F and changes nothing', () => {
    const be = sim();
    const paged = be.kernel.exAllocatePoolWithTag(PoolType.PagedPool, 100, 0);
    const mdl = be.kernel.ioAllocateMdl(paged + 10n, 20);
    const before = be.memory.read(mdl, MDL_HEADER_SIZE);
    be.kernel.mmBuildMdlForNonPagedPool(mdl);
    expect(recorded(be)).toEqual(['MDL_BUILT_FOR_PAGED_POOL']);
    expect(be.violations()[0]!.params[0]).toBe(BigInt(VerifierCode.MDL_BUILT_FOR_PAGED_POOL));
    expect(be.violations()[0]!.evidence).toMatchObject({ address: paged, size: 100 });
    expect(be.memory.read(mdl, MDL_HEADER_SIZE)).toEqual(before);
  });

  it('MmBuildMdlForNonPagedPool above DISPATCH_LEVEL is reported and changes nothing', () => {
    const be = sim();
    const host = be.memory.allocateHost(64);
    const mdl = be.kernel.ioAllocateMdl(host, 64);
    be.irql.raise(Irql.HIGH_LEVEL);
    be.kernel.mmBuildMdlForNonPagedPool(mdl);
    expect(recorded(be)).toEqual(['NONPAGED_ALLOCATION_ABOVE_DISPATCH']);
    expect(mdlAt(be, mdl).mdlFlags).toBe(0);
  });

  it('MmGetSystemAddressForMdlSafe maps an unmapped MDL at StartVa + ByteOffset and sets MAPPED_TO_SYSTEM_VA', () => {
    const be = sim();
    const host = be.memory.allocateHost(256);
    const mdl = be.kernel.ioAllocateMdl(host + 32n, 64);
    expect(be.kernel.mmGetSystemAddressForMdlSafe(mdl, 16)).toBe(host + 32n);
    expect(mdlAt(be, mdl)).toMatchObject({ mappedSystemVa: host + 32n, mdlFlags: MdlFlag.MDL_MAPPED_TO_SYSTEM_VA });
    // Already mapped: MappedSystemVa is returned as it is.
    be.memory.write(mdl + 0x18n, new Uint8Array([0x40, 0, 0, 0, 0, 0, 0, 0]));
    expect(be.kernel.mmGetSystemAddressForMdlSafe(mdl, 16)).toBe(0x40n);
  });

  it('NdisAllocateMdl builds the MDL over nonpaged memory; only NdisFreeMdl frees it', () => {
    const be = sim();
    const memory = be.kernel.ndisAllocateMemoryWithTagPriority(1500, 0, 16);
    const mdl = be.kernel.ndisAllocateMdl(memory, 1500);
    expect(mdlAt(be, mdl)).toMatchObject({
      next: 0n, mdlFlags: MdlFlag.MDL_SOURCE_IS_NONPAGED_POOL, mappedSystemVa: memory, byteCount: 1500, size: mdlSize(memory, 1500),
    });
    expect(be.liveAllocations()[1]).toMatchObject({ allocator: 'ndis-mdl', address: mdl });
    be.kernel.ioFreeMdl(mdl);
    be.ndis.freeMdl(mdl);
    expect(recorded(be)).toEqual(['FREE_MECHANISM_MISMATCH', 'FREE_MECHANISM_MISMATCH']);
    be.kernel.ndisFreeMdl(mdl);
    be.kernel.ndisFreeMemory(memory, 1500, 0);
    expect(be.liveAllocations()).toEqual([]);
    expect(be.violations()).toHaveLength(2);
  });

  it('NdisAllocateMdl over paged pool reports MDL_BUILT_FOR_PAGED_POOL and leaves the MDL unbuilt', () => {
    const be = sim();
    const paged = be.kernel.exAllocatePool2(0x100n, 64, 0);
    const mdl = be.kernel.ndisAllocateMdl(paged, 64);
    expect(mdl).not.toBe(0n);
    expect(recorded(be)).toEqual(['MDL_BUILT_FOR_PAGED_POOL']);
    expect(mdlAt(be, mdl).mdlFlags).toBe(0);
  });

  it('MDL frees above DISPATCH_LEVEL are reported and free anyway', () => {
    const be = sim();
    const host = be.memory.allocateHost(64);
    const io = be.kernel.ioAllocateMdl(host, 64);
    be.irql.raise(Irql.HIGH_LEVEL);
    be.kernel.ioFreeMdl(io);
    expect(recorded(be)).toEqual(['NONPAGED_FREE_ABOVE_DISPATCH']);
    expect(be.liveAllocations()).toEqual([]);
  });
});
