import { Irql, MDL_HEADER_SIZE, MdlFlag, PAGE_SIZE, VerifierCode, decodeMdl, mdlSize, mdlVirtualAddress } from '@ddikit/types';
import { describe, expect, it } from 'vitest';
import { bytes, kinds, recorded, sim } from './helpers.js';

describe("NDIS's default NetAllocateMdl / NetFreeMdl", () => {
  it('builds an MDL over nonpaged data that ends where the block ends, at every allowed IRQL', () => {
    for (const level of [Irql.PASSIVE_LEVEL, Irql.APC_LEVEL, Irql.DISPATCH_LEVEL]) {
      const be = sim();
      be.irql.raise(level);
      const { mdl, bufferSize } = be.ndis.allocateMdl(1514);
      expect(bufferSize).toBe(1514);
      const m = decodeMdl(be.memory.read(mdl, MDL_HEADER_SIZE));
      const data = mdlVirtualAddress(m);
      expect(m).toMatchObject({ next: 0n, process: 0n, mdlFlags: MdlFlag.MDL_SOURCE_IS_NONPAGED_POOL, mappedSystemVa: data, byteCount: 1514 });
      expect(m.size).toBe(mdlSize(data, 1514));
      expect(m.startVa % BigInt(PAGE_SIZE)).toBe(0n);
      expect(m.byteOffset).toBeLessThan(PAGE_SIZE);
      expect(data % 16n).toBe(0n);
      expect(data >= mdl + BigInt(m.size)).toBe(true);
      be.memory.write(data, bytes(1514, 0x11));
      expect(be.verify()).toEqual([]);
      be.memory.write(data + 1514n, new Uint8Array([0]));
      const [overrun] = be.verify();
      expect(kinds([overrun!])).toEqual(['POOL_OVERRUN']);
      expect(be.liveAllocations()).toEqual([expect.objectContaining({ address: mdl, size: 1514, allocator: 'net-mdl', paged: false, irql: level })]);
      be.ndis.freeMdl(mdl);
      expect(be.liveAllocations()).toEqual([]);
      expect(be.violations()).toHaveLength(1);
    }
  });

  it('fills the PFN array with the page numbers the data spans', () => {
    const be = sim();
    const { mdl } = be.ndis.allocateMdl(3 * PAGE_SIZE);
    const m = decodeMdl(be.memory.read(mdl, MDL_HEADER_SIZE));
    const pages = (m.size - MDL_HEADER_SIZE) / 8;
    const raw = new DataView(be.memory.read(mdl + BigInt(MDL_HEADER_SIZE), pages * 8).buffer);
    for (let i = 0; i < pages; i++) expect(raw.getBigUint64(i * 8, true)).toBe((m.startVa >> 12n) + BigInt(i));
  });

  it('above DISPATCH_LEVEL reports the MDL service violation and allocates nothing', () => {
    const be = sim();
    be.irql.raise(Irql.CLOCK_LEVEL);
    expect(be.ndis.allocateMdl(100)).toEqual({ mdl: 0n, bufferSize: 100 });
    expect(recorded(be)).toEqual(['MDL_SERVICE_ABOVE_DISPATCH']);
    expect(be.violations()[0]!).toMatchObject({ contract: 'ndis.mdl.irql', params: [BigInt(VerifierCode.NONPAGED_ALLOCATION_ABOVE_DISPATCH_LEVEL), 0n, 0n, 13n] });
    expect(be.liveAllocations()).toEqual([]);
    expect(be.faults.attempts).toBe(0);
  });

  it('gives NULL for 0 bytes, an injected fault or the memory limit, leaving nothing allocated', () => {
    const be = sim({ memoryLimit: 4096 });
    expect(be.ndis.allocateMdl(0).mdl).toBe(0n);
    expect(be.ndis.allocateMdl(4096).mdl).toBe(0n); // the MDL itself counts too
    be.faults.failNth(1);
    expect(be.ndis.allocateMdl(10)).toEqual({ mdl: 0n, bufferSize: 10 });
    expect(be.faults.injected()).toEqual([{ service: 'NetAllocateMdl', attempt: 1, size: 10 }]);
    expect(be.liveAllocations()).toEqual([]);
    expect(be.violations()).toEqual([]);
    expect(be.ndis.allocateMdl(10).mdl).not.toBe(0n);
  });

  it('NetFreeMdl frees only its own MDLs, reports double and foreign frees, and its IRQL rule', () => {
    const be = sim();
    const io = be.kernel.ioAllocateMdl(be.memory.allocateHost(8), 8);
    const { mdl } = be.ndis.allocateMdl(8);
    const other = be.ndis.allocateMdl(8).mdl;
    be.ndis.freeMdl(io);
    be.kernel.ioFreeMdl(mdl);
    be.ndis.freeMdl(mdl);
    be.ndis.freeMdl(mdl);
    be.ndis.freeMdl(mdl + 48n);
    be.irql.raise(Irql.HIGH_LEVEL);
    be.ndis.freeMdl(other);
    expect(recorded(be)).toEqual([
      'FREE_MECHANISM_MISMATCH', 'FREE_MECHANISM_MISMATCH', 'POOL_DOUBLE_FREE', 'POOL_FREE_UNALLOCATED', 'MDL_FREE_ABOVE_DISPATCH',
    ]);
    expect(be.violations()[0]!.evidence).toMatchObject({ service: 'NetFreeMdl', allocator: 'io-mdl' });
    expect(be.violations()[4]!.contract).toBe('ndis.mdl.irql');
    expect(be.liveAllocations().map((a) => a.allocator)).toEqual(['io-mdl']);
  });
});
