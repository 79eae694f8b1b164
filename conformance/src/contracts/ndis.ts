/** NDIS's default NetAllocateMdl/NetFreeMdl pair, and Retreat/Advance over NET_BUFFERs. */
import {
  Irql,
  MDL_HEADER_SIZE,
  MdlFlag,
  NET_BUFFER_SIZE,
  NdisStatus,
  NtStatus,
  PFN_SIZE,
  PAGE_SHIFT,
  PoolPriority,
  PoolType,
  decodeNetBuffer,
  irqlName,
  mdlVirtualAddress,
  pagesSpanned,
  poolTag,
  readPointer,
  type AllocateMdlResult,
  type Backend,
  type NetAllocateMdlHandler,
  type NetBufferData,
  type NetFreeMdlHandler,
  type Pointer,
} from '@ddikit/types';
import { hexCode } from '../format.js';
import { mdlProblems } from './mdl-shape.js';
import type { BackendContract, CheckContext } from '../types.js';
import {
  expectBytes,
  expectLedgerUnchanged,
  expectThrows,
  expectViolations,
  findOverlap,
  liveByAddress,
  mustNotThrow,
  pattern,
  randomSizes,
  readMdl,
  watch,
} from './support.js';

const TAG = poolTag('DDIk');

/** Allocates an MDL the check cannot go on without. */
function allocateMdl(ctx: CheckContext, be: Backend, size: number): AllocateMdlResult {
  const r = be.ndis.allocateMdl(size);
  ctx.require(r.mdl !== 0n, `NetAllocateMdl(${size}) at ${irqlName(be.irql.current)} returns an MDL`, { size, bufferSize: r.bufferSize });
  return r;
}

/** Runs `body` at `level`, raised from PASSIVE_LEVEL and lowered back after. */
function atIrql<T>(be: Backend, level: Irql, body: () => T): T {
  be.irql.raise(level);
  try {
    return body();
  } finally {
    be.irql.lower(Irql.PASSIVE_LEVEL);
  }
}

async function mdlSuccess(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const sizes = [1, 14, 60, 1514, 4095, 4096, 4097, 9018, 65536, ...randomSizes(ctx.seed, 24, 20_000)];
  const mdls = sizes.map((size, i) => {
    const { mdl, bufferSize } = allocateMdl(ctx, be, size);
    const m = readMdl(be, mdl);
    const va = mdlVirtualAddress(m);
    const shown = { size, mdl, bufferSize, byteCount: m.byteCount, startVa: m.startVa, byteOffset: m.byteOffset, mdlSize: m.size, mdlFlags: hexCode(m.mdlFlags), mappedSystemVa: m.mappedSystemVa };
    for (const problem of mdlProblems(m, size)) ctx.check(false, `NetAllocateMdl(${size}): ${problem.message}`, shown);
    // NDIS's own allocator is held to more than a handler: the exact size, and a clean header.
    ctx.equal(bufferSize, m.byteCount, `NetAllocateMdl(${size}): *BufferSize holds the real size (ByteCount) afterwards`, shown);
    ctx.equal(m.process, 0n, `NetAllocateMdl(${size}): Process is NULL`, shown);
    const pfns = Array.from({ length: pagesSpanned(va, m.byteCount) }, (_, page) => readPointer(be.memory, mdl + BigInt(MDL_HEADER_SIZE + page * PFN_SIZE)));
    ctx.check(pfns.every((pfn, page) => pfn === (m.startVa >> BigInt(PAGE_SHIFT)) + BigInt(page)), `NetAllocateMdl(${size}): the PFN array holds the page numbers of the data`, { ...shown, pfns });
    const bytes = pattern(m.byteCount, i + 1);
    mustNotThrow(ctx, `NetAllocateMdl(${size}): MappedSystemVa is writable for the whole block`, () => be.memory.write(m.mappedSystemVa, bytes));
    return { mdl, m, bytes };
  });

  // Everything written while all MDLs are live: data that overlaps another MDL's data or
  // header shows as damaged bytes or a changed MDL.
  for (const { mdl, m, bytes } of mdls) {
    expectBytes(ctx, be, m.mappedSystemVa, bytes, `the data of the ${m.byteCount}-byte MDL at MappedSystemVa`);
    ctx.check(JSON.stringify(readMdl(be, mdl), big) === JSON.stringify(m, big), 'an MDL is unchanged after every data block was written', { mdl });
  }
  const ranges = mdls.flatMap(({ mdl, m }) => [
    { start: mdl, end: mdl + BigInt(m.size) },
    { start: m.mappedSystemVa, end: m.mappedSystemVa + BigInt(m.byteCount) },
  ]);
  const overlap = findOverlap(ranges);
  ctx.check(overlap === undefined, 'live MDLs and their data never overlap', { overlap: overlap?.map((r) => ({ start: r.start, end: r.end })) });

  for (const { mdl } of mdls) be.ndis.freeMdl(mdl);
  const live = liveByAddress(be);
  ctx.check(mdls.every(({ mdl }) => !live.has(mdl)), 'NetFreeMdl frees every MDL');
  expectViolations(ctx, log.take(), [], `allocating, writing and freeing ${mdls.length} MDLs`);
}

async function mdlNullOnFailure(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const size = 1514;

  // How many kernel allocations one NetAllocateMdl makes; then fail each of them in turn.
  be.faults.clear();
  const probe = allocateMdl(ctx, be, size);
  const attempts = be.faults.attempts;
  be.ndis.freeMdl(probe.mdl);
  ctx.check(attempts >= 1, 'NetAllocateMdl is a fault-injection attempt', { attempts });
  for (const target of ['kernel', 'all'] as const) {
    for (let nth = 1; nth <= attempts; nth++) {
      const before = be.liveAllocations();
      be.faults.failNth(nth, { target });
      const r = be.ndis.allocateMdl(size);
      be.faults.clear();
      ctx.equal(r.mdl, 0n, `NetAllocateMdl(${size}) with allocation ${nth} of ${attempts} failing (target ${target}) returns NULL`);
      expectLedgerUnchanged(ctx, be, before, `NetAllocateMdl with allocation ${nth} of ${attempts} failing`);
    }
  }

  const before = be.liveAllocations();
  ctx.equal(be.ndis.allocateMdl(0).mdl, 0n, 'NetAllocateMdl(0) returns NULL');
  expectLedgerUnchanged(ctx, be, before, 'NetAllocateMdl(0)');
  expectViolations(ctx, log.take(), [], 'NetAllocateMdl under injected faults');

  // Real exhaustion.
  const limit = 64 * 1024;
  const small = await ctx.open({ memoryLimit: limit });
  const smallLog = watch(small);
  const held: Pointer[] = [];
  for (let i = 0; i < limit / size + 1; i++) {
    const beforeCall = small.liveAllocations();
    const r = small.ndis.allocateMdl(size);
    if (r.mdl === 0n) {
      expectLedgerUnchanged(ctx, small, beforeCall, `NetAllocateMdl(${size}) past a ${limit}-byte memory limit`);
      break;
    }
    held.push(r.mdl);
  }
  ctx.check(held.length > 0 && held.length <= limit / size, `the memory limit ends a run of ${size}-byte MDLs`, { allocated: held.length });
  ctx.equal(small.faults.injected().length, 0, 'exhaustion is not recorded as an injected fault');
  for (const mdl of held) small.ndis.freeMdl(mdl);
  expectViolations(ctx, smallLog.take(), [], 'NetAllocateMdl up to and past the memory limit');
}

const ABOVE_DISPATCH = [3, Irql.HIGH_LEVEL];

async function mdlIrql(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  for (const level of [Irql.PASSIVE_LEVEL, Irql.APC_LEVEL, Irql.DISPATCH_LEVEL]) {
    atIrql(be, level, () => {
      const { mdl } = allocateMdl(ctx, be, 256);
      be.ndis.freeMdl(mdl);
      ctx.check(!liveByAddress(be).has(mdl), `NetFreeMdl at ${irqlName(level)} frees the MDL`, { mdl });
      ctx.equal(be.irql.current, level, `the IRQL is still ${irqlName(level)} after the calls`);
    });
    expectViolations(ctx, log.take(), [], `NetAllocateMdl and NetFreeMdl at ${irqlName(level)}`);
  }
  for (const level of ABOVE_DISPATCH) {
    const before = be.liveAllocations();
    const r = atIrql(be, level, () => be.ndis.allocateMdl(256));
    ctx.equal(r.mdl, 0n, `NetAllocateMdl at ${irqlName(level)} returns NULL`);
    expectLedgerUnchanged(ctx, be, before, `NetAllocateMdl at ${irqlName(level)}`);
    expectViolations(ctx, log.take(), [{ kind: 'MDL_SERVICE_ABOVE_DISPATCH', service: 'NetAllocateMdl', irql: level }], `NetAllocateMdl at ${irqlName(level)}`);
  }
  const { mdl } = atIrql(be, Irql.DISPATCH_LEVEL, () => allocateMdl(ctx, be, 256));
  atIrql(be, Irql.HIGH_LEVEL, () => be.ndis.freeMdl(mdl));
  expectViolations(ctx, log.take(), [{ kind: 'MDL_FREE_ABOVE_DISPATCH', service: 'NetFreeMdl', irql: Irql.HIGH_LEVEL, address: mdl }], 'NetFreeMdl at HIGH_LEVEL');
  ctx.check(!liveByAddress(be).has(mdl), 'NetFreeMdl above DISPATCH_LEVEL still frees the MDL (one mistake, one report)', { mdl });
}

async function mdlNonpaged(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  for (const level of [Irql.PASSIVE_LEVEL, Irql.DISPATCH_LEVEL]) {
    const { mdl } = atIrql(be, level, () => allocateMdl(ctx, be, 2048));
    const m = readMdl(be, mdl);
    const start = m.mappedSystemVa;
    const end = start + BigInt(m.byteCount);
    ctx.check((m.mdlFlags & MdlFlag.MDL_SOURCE_IS_NONPAGED_POOL) !== 0, `an MDL from NetAllocateMdl at ${irqlName(level)} has MDL_SOURCE_IS_NONPAGED_POOL`, { mdlFlags: hexCode(m.mdlFlags) });
    const blocks = be.liveAllocations().filter((a) => a.address === mdl || (a.address <= start && end <= a.address + BigInt(a.size)));
    ctx.check(blocks.length > 0 && blocks.every((a) => !a.paged), `the blocks behind an MDL from NetAllocateMdl at ${irqlName(level)} are nonpaged`, {
      blocks: blocks.map((a) => ({ address: a.address, allocator: a.allocator, paged: a.paged })),
    });
    // A driver touches MDL data at DISPATCH_LEVEL: that must be allowed.
    atIrql(be, Irql.DISPATCH_LEVEL, () => {
      be.memory.write(start, pattern(m.byteCount, 1));
      be.memory.read(start, m.byteCount);
    });
    be.ndis.freeMdl(mdl);
    expectViolations(ctx, log.take(), [], `allocating at ${irqlName(level)}, touching the data at DISPATCH_LEVEL, freeing`);
  }

  // MmBuildMdlForNonPagedPool refuses paged pool and leaves the MDL as it was.
  const paged = be.kernel.exAllocatePoolWithTag(PoolType.PagedPool, 1024, TAG);
  const nonpaged = be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 1024, TAG);
  ctx.require(paged !== 0n && nonpaged !== 0n, 'ExAllocatePoolWithTag gives a paged and a nonpaged block at PASSIVE_LEVEL');
  const overPaged = be.kernel.ioAllocateMdl(paged + 16n, 200);
  const overNonpaged = be.kernel.ioAllocateMdl(nonpaged + 16n, 200);
  ctx.require(overPaged !== 0n && overNonpaged !== 0n, 'IoAllocateMdl describes each block');
  const unbuilt = readMdl(be, overPaged);
  be.kernel.mmBuildMdlForNonPagedPool(overPaged);
  expectViolations(ctx, log.take(), [{ kind: 'MDL_BUILT_FOR_PAGED_POOL', service: 'MmBuildMdlForNonPagedPool' }], 'MmBuildMdlForNonPagedPool over paged pool');
  const after = readMdl(be, overPaged);
  ctx.check(after.mdlFlags === unbuilt.mdlFlags && after.mappedSystemVa === unbuilt.mappedSystemVa, 'an MDL over paged pool is left unbuilt', { mdlFlags: hexCode(after.mdlFlags), mappedSystemVa: after.mappedSystemVa });

  be.kernel.mmBuildMdlForNonPagedPool(overNonpaged);
  expectViolations(ctx, log.take(), [], 'MmBuildMdlForNonPagedPool over nonpaged pool');
  const built = readMdl(be, overNonpaged);
  ctx.check((built.mdlFlags & MdlFlag.MDL_SOURCE_IS_NONPAGED_POOL) !== 0 && built.mappedSystemVa === nonpaged + 16n, 'an MDL over nonpaged pool is built: MDL_SOURCE_IS_NONPAGED_POOL, MappedSystemVa = StartVa + ByteOffset', {
    mdlFlags: hexCode(built.mdlFlags),
    mappedSystemVa: built.mappedSystemVa,
  });
  be.kernel.ioFreeMdl(overPaged);
  be.kernel.ioFreeMdl(overNonpaged);
  be.kernel.exFreePoolWithTag(paged, TAG);
  be.kernel.exFreePoolWithTag(nonpaged, TAG);
  expectViolations(ctx, log.take(), [], 'freeing the MDLs and the pool');
}

async function mdlFreeSameMechanism(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  for (const size of [60, 1514, 9000]) {
    const before = be.liveAllocations();
    const { mdl } = allocateMdl(ctx, be, size);
    be.ndis.freeMdl(mdl);
    expectLedgerUnchanged(ctx, be, before, `NetFreeMdl of a ${size}-byte MDL (both the MDL and its block are released)`);
  }
  expectViolations(ctx, log.take(), [], 'NetAllocateMdl then NetFreeMdl');

  const pool = be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 256, TAG);
  const memory = be.kernel.ndisAllocateMemoryWithTagPriority(256, TAG, PoolPriority.NormalPoolPriority);
  const ioMdl = be.kernel.ioAllocateMdl(pool, 256);
  const ndisMdl = be.kernel.ndisAllocateMdl(pool, 256);
  const { mdl: netMdl } = allocateMdl(ctx, be, 256);
  ctx.require(pool !== 0n && memory !== 0n && ioMdl !== 0n && ndisMdl !== 0n, 'the kernel services allocate one block of each kind');

  const k = be.kernel;
  const mismatches: Array<[string, Pointer, 'pool' | 'ndis-memory' | 'io-mdl' | 'ndis-mdl' | 'net-mdl', (p: Pointer) => void]> = [
    ['NetFreeMdl', pool, 'pool', (p) => be.ndis.freeMdl(p)],
    ['NetFreeMdl', ioMdl, 'io-mdl', (p) => be.ndis.freeMdl(p)],
    ['NetFreeMdl', ndisMdl, 'ndis-mdl', (p) => be.ndis.freeMdl(p)],
    ['NetFreeMdl', memory, 'ndis-memory', (p) => be.ndis.freeMdl(p)],
    ['ExFreePool', netMdl, 'net-mdl', (p) => k.exFreePool(p)],
    ['IoFreeMdl', netMdl, 'net-mdl', (p) => k.ioFreeMdl(p)],
    ['NdisFreeMdl', netMdl, 'net-mdl', (p) => k.ndisFreeMdl(p)],
    ['NdisFreeMdl', ioMdl, 'io-mdl', (p) => k.ndisFreeMdl(p)],
    ['ExFreePool', memory, 'ndis-memory', (p) => k.exFreePool(p)],
  ];
  for (const [service, address, allocator, free] of mismatches) {
    const before = be.liveAllocations();
    free(address);
    expectViolations(ctx, log.take(), [{ kind: 'FREE_MECHANISM_MISMATCH', service, address, allocator }], `${service} of a ${allocator} block`);
    expectLedgerUnchanged(ctx, be, before, `${service} of a ${allocator} block (not freed)`);
  }
  be.ndis.freeMdl(netMdl);
  k.ndisFreeMdl(ndisMdl);
  k.ioFreeMdl(ioMdl);
  k.ndisFreeMemory(memory, 256, 0);
  k.exFreePoolWithTag(pool, TAG);
  expectViolations(ctx, log.take(), [], 'freeing each block through its own mechanism');
}

/** A NetAllocateMdl/NetFreeMdl handler that remembers how it was called. */
function spy<F extends (arg: never) => unknown>(be: Backend, body: F) {
  const calls: Array<{ arg: Parameters<F>[0]; irql: Irql }> = [];
  const handler = ((arg: Parameters<F>[0]) => {
    calls.push({ arg, irql: be.irql.current });
    return body(arg as never);
  }) as unknown as F;
  return { handler, calls };
}

const exactly = (be: Backend): NetAllocateMdlHandler => (size) => be.ndis.allocateMdl(size);
/** A handler that rounds the block up to 64 bytes and writes the real size back. */
const roundingUp = (be: Backend): NetAllocateMdlHandler => (size) => be.ndis.allocateMdl(Math.ceil(size / 64) * 64);
const refusing: NetAllocateMdlHandler = (size) => ({ mdl: 0n, bufferSize: size });
const freeing = (be: Backend): NetFreeMdlHandler => (mdl) => be.ndis.freeMdl(mdl);

/** The NET_BUFFER's fields as stored in memory at the real offsets. */
function netBufferAt(be: Backend, nb: Pointer): NetBufferData {
  return decodeNetBuffer(be.memory.read(nb, NET_BUFFER_SIZE));
}

function expectNetBuffer(ctx: CheckContext, be: Backend, nb: Pointer, expected: Partial<NetBufferData>, when: string): void {
  const actual = netBufferAt(be, nb);
  const fields = Object.keys(expected) as Array<keyof NetBufferData>;
  const wrong = fields.filter((f) => actual[f] !== expected[f]);
  ctx.check(wrong.length === 0, `${when}: the NET_BUFFER holds the expected data start`, { wrong, actual: { ...actual }, expected: { ...expected } });
}

async function retreat(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const { ndis } = be;
  const SUCCESS = NdisStatus.NDIS_STATUS_SUCCESS;

  // DataOffset >= delta: no handler call, the data start just moves back.
  {
    const nb = ndis.allocateNetBuffer({ dataOffset: 64, dataLength: 100 });
    const before = netBufferAt(be, nb);
    ctx.check(JSON.stringify(ndis.readNetBuffer(nb), big) === JSON.stringify(before, big), 'readNetBuffer agrees with the NET_BUFFER in memory');
    ctx.check(before.mdlChain !== 0n && before.currentMdl === before.mdlChain && before.currentMdlOffset === 64 && before.dataOffset === 64 && before.dataLength === 100, 'a new NET_BUFFER has one MDL, DataOffset and CurrentMdlOffset as asked', { ...before });
    const alloc = spy(be, exactly(be));
    ctx.equal(ndis.retreatNetBufferDataStart(nb, 40, 16, alloc.handler), SUCCESS, 'Retreat by 40 with DataOffset 64 succeeds');
    expectNetBuffer(ctx, be, nb, { ...before, dataOffset: 24, currentMdlOffset: 24, dataLength: 140 }, 'Retreat by 40 with DataOffset 64');
    ctx.equal(ndis.retreatNetBufferDataStart(nb, 24, 0, alloc.handler), SUCCESS, 'Retreat by exactly DataOffset succeeds');
    expectNetBuffer(ctx, be, nb, { ...before, dataOffset: 0, currentMdlOffset: 0, dataLength: 164 }, 'Retreat by exactly DataOffset');
    ctx.equal(alloc.calls.length, 0, 'the handler is not called when DataOffset >= DataOffsetDelta', { calls: alloc.calls });
    ndis.advanceNetBufferDataStart(nb, 64, true, null);
    expectNetBuffer(ctx, be, nb, before, 'Advance by 64 with FreeMdl (the setup MDL is not Retreat-allocated: kept)');

    // Advance over the whole data with FreeMdl: NDIS's own MDL is never freed.
    const free = spy(be, freeing(be));
    ndis.advanceNetBufferDataStart(nb, 100, true, free.handler);
    ctx.equal(free.calls.length, 0, 'Advance with FreeMdl does not free an MDL that Retreat did not allocate');
    expectNetBuffer(ctx, be, nb, { mdlChain: before.mdlChain, dataOffset: 164, dataLength: 0 }, 'Advance over all the data');
    expectThrows(ctx, 'Advance by more than DataLength', RangeError, () => ndis.advanceNetBufferDataStart(nb, 1, false, null));
    ndis.freeNetBuffer(nb);
  }

  // DataOffset < delta: one handler call with *BufferSize = backfill + delta - DataOffset.
  const handlers: Array<[string, (be: Backend) => NetAllocateMdlHandler, number]> = [
    ['a handler that allocates exactly', exactly, 60],
    ['a handler that rounds up to 64 and writes the real size back', roundingUp, 64],
  ];
  for (const [what, make, real] of handlers) {
    const nb = ndis.allocateNetBuffer({ dataOffset: 10, dataLength: 100 });
    const before = netBufferAt(be, nb);
    const alloc = spy(be, make(be));
    ctx.equal(ndis.retreatNetBufferDataStart(nb, 50, 20, alloc.handler), SUCCESS, `Retreat by 50 with DataOffset 10 and ${what} succeeds`);
    ctx.check(alloc.calls.length === 1 && alloc.calls[0]!.arg === 60, `Retreat calls ${what} once with *BufferSize = 20 + 50 - 10`, { calls: alloc.calls });
    const head = netBufferAt(be, nb).mdlChain;
    expectNetBuffer(ctx, be, nb, { ...before, mdlChain: head, currentMdl: head, dataOffset: real - 40, currentMdlOffset: real - 40, dataLength: 150 }, `Retreat with ${what}`);
    ctx.check(head !== before.mdlChain && readMdl(be, head).next === before.mdlChain, 'the new MDL is chained at the head, Next = the old head', { head, next: head === 0n ? null : readMdl(be, head).next });
    const free = spy(be, freeing(be));
    ndis.advanceNetBufferDataStart(nb, 50, true, free.handler);
    ctx.check(free.calls.length === 1 && free.calls[0]!.arg === head, 'Advance with FreeMdl frees the Retreat-allocated MDL through the paired handler', { calls: free.calls, head });
    expectNetBuffer(ctx, be, nb, before, `Advance back after Retreat with ${what}`);
    ctx.check(!liveByAddress(be).has(head), 'the freed MDL is no longer live');
    ndis.freeNetBuffer(nb);
  }

  // Advance without FreeMdl keeps the MDL in the chain; a later Advance with FreeMdl frees it.
  {
    const nb = ndis.allocateNetBuffer({ dataOffset: 10, dataLength: 100 });
    const before = netBufferAt(be, nb);
    ndis.retreatNetBufferDataStart(nb, 50, 20, exactly(be));
    const head = netBufferAt(be, nb).mdlChain;
    const free = spy(be, freeing(be));
    ndis.advanceNetBufferDataStart(nb, 70, false, free.handler);
    ctx.equal(free.calls.length, 0, 'Advance without FreeMdl frees nothing');
    expectNetBuffer(ctx, be, nb, { ...before, mdlChain: head, dataOffset: 90, dataLength: 80, currentMdl: before.mdlChain, currentMdlOffset: 30 }, 'Advance by 70 past the 60-byte head MDL (CurrentMdl re-found)');
    ndis.advanceNetBufferDataStart(nb, 0, true, free.handler);
    ctx.check(free.calls.length === 1 && free.calls[0]!.arg === head, 'Advance by 0 with FreeMdl frees the head MDL it now starts past', { calls: free.calls });
    expectNetBuffer(ctx, be, nb, { ...before, dataOffset: 30, currentMdlOffset: 30, dataLength: 80 }, 'after freeing the head MDL');
    ndis.freeNetBuffer(nb);
  }

  // A NULL handler: NDIS's default allocator and NetFreeMdl.
  {
    const nb = ndis.allocateNetBuffer({ dataOffset: 10, dataLength: 100 });
    const before = netBufferAt(be, nb);
    ctx.equal(ndis.retreatNetBufferDataStart(nb, 50, 20, null), SUCCESS, 'Retreat with a NULL handler succeeds');
    const head = netBufferAt(be, nb).mdlChain;
    ctx.check(head !== before.mdlChain && liveByAddress(be).get(head)?.allocator === 'net-mdl' && readMdl(be, head).byteCount === 60, 'a NULL handler means NDIS\'s default allocator, asked for 60 bytes', { head });
    ndis.advanceNetBufferDataStart(nb, 50, true, null);
    expectNetBuffer(ctx, be, nb, before, 'Advance with FreeMdl and a NULL handler');
    ctx.check(!liveByAddress(be).has(head), 'a NULL free handler means NDIS\'s default NetFreeMdl');
    ndis.retreatNetBufferDataStart(nb, 50, 20, null);
    const again = netBufferAt(be, nb).mdlChain;
    ndis.freeNetBuffer(nb);
    ctx.check(!liveByAddress(be).has(again) && !liveByAddress(be).has(before.mdlChain), 'freeNetBuffer frees the MDLs NDIS\'s default allocator made');
  }

  // The handler fails: NULL, or less than asked for (that MDL stays with the handler's module).
  const keptByHandler: Pointer[] = [];
  const shortChanging: NetAllocateMdlHandler = (size) => {
    const { mdl } = be.ndis.allocateMdl(size);
    keptByHandler.push(mdl);
    return { mdl, bufferSize: size - 1 };
  };
  const failures: Array<[string, NetAllocateMdlHandler, number]> = [
    ['returns NULL', refusing, NdisStatus.NDIS_STATUS_RESOURCES],
    ['writes back less than asked for', shortChanging, NdisStatus.NDIS_STATUS_FAILURE],
  ];
  for (const [what, handler, status] of failures) {
    const nb = ndis.allocateNetBuffer({ dataOffset: 10, dataLength: 100 });
    const raw = be.memory.read(nb, NET_BUFFER_SIZE);
    const alloc = spy(be, handler);
    const result = ndis.retreatNetBufferDataStart(nb, 50, 20, alloc.handler);
    ctx.equal(result, status, `Retreat whose handler ${what} returns ${hexCode(status)}`, { result: hexCode(result) });
    ctx.check(alloc.calls.length === 1 && alloc.calls[0]!.arg === 60, `Retreat calls the handler that ${what} once, with 60`, { calls: alloc.calls });
    expectBytes(ctx, be, nb, raw, `the NET_BUFFER after a handler that ${what}`);
    ndis.freeNetBuffer(nb);
  }
  ctx.check(keptByHandler.length === 1 && liveByAddress(be).has(keptByHandler[0]!), 'an MDL whose size was short-changed stays live, with the handler\'s module', { kept: keptByHandler });
  for (const mdl of keptByHandler) ndis.freeMdl(mdl);

  // IRQL: the handler runs at the caller's DISPATCH_LEVEL; above it nothing happens.
  {
    const nb = ndis.allocateNetBuffer({ dataOffset: 10, dataLength: 100 });
    const before = netBufferAt(be, nb);
    const alloc = spy(be, exactly(be));
    const free = spy(be, freeing(be));
    atIrql(be, Irql.DISPATCH_LEVEL, () => {
      ctx.equal(ndis.retreatNetBufferDataStart(nb, 50, 20, alloc.handler), SUCCESS, 'Retreat at DISPATCH_LEVEL succeeds');
      ndis.advanceNetBufferDataStart(nb, 50, true, free.handler);
    });
    ctx.check(alloc.calls[0]?.irql === Irql.DISPATCH_LEVEL && free.calls[0]?.irql === Irql.DISPATCH_LEVEL, 'the handlers run at the caller\'s DISPATCH_LEVEL', { alloc: alloc.calls, free: free.calls });
    expectViolations(ctx, log.take(), [], 'Retreat and Advance at DISPATCH_LEVEL');

    const raw = be.memory.read(nb, NET_BUFFER_SIZE);
    const status = atIrql(be, Irql.HIGH_LEVEL, () => ndis.retreatNetBufferDataStart(nb, 50, 20, alloc.handler));
    ctx.equal(status, NdisStatus.NDIS_STATUS_FAILURE, 'Retreat at HIGH_LEVEL returns NDIS_STATUS_FAILURE', { status: hexCode(status) });
    expectViolations(ctx, log.take(), [{ kind: 'MDL_SERVICE_ABOVE_DISPATCH', service: 'NdisRetreatNetBufferDataStart', irql: Irql.HIGH_LEVEL }], 'Retreat at HIGH_LEVEL');
    atIrql(be, Irql.HIGH_LEVEL, () => ndis.advanceNetBufferDataStart(nb, 10, false, null));
    expectViolations(ctx, log.take(), [{ kind: 'MDL_SERVICE_ABOVE_DISPATCH', service: 'NdisAdvanceNetBufferDataStart', irql: Irql.HIGH_LEVEL }], 'Advance at HIGH_LEVEL');
    ctx.equal(alloc.calls.length, 1, 'no handler is called above DISPATCH_LEVEL');
    expectBytes(ctx, be, nb, raw, 'the NET_BUFFER after Retreat and Advance at HIGH_LEVEL');
    expectNetBuffer(ctx, be, nb, before, 'after the calls at HIGH_LEVEL');
    ndis.freeNetBuffer(nb);
  }

  retreatList(ctx, be);
  expectViolations(ctx, log.take(), [], 'Retreat and Advance');
}

/** The list form: all or nothing, and both handlers or neither. */
function retreatList(ctx: CheckContext, be: Backend): void {
  const { ndis } = be;
  const nbs = [
    ndis.allocateNetBuffer({ dataOffset: 100, dataLength: 50 }),
    ndis.allocateNetBuffer({ dataOffset: 10, dataLength: 50 }),
    ndis.allocateNetBuffer({ dataOffset: 10, dataLength: 50 }),
  ];
  const nbl = ndis.allocateNetBufferList(nbs);
  const before = nbs.map((nb) => netBufferAt(be, nb));
  const unchanged = (when: string) => nbs.forEach((nb, i) => expectNetBuffer(ctx, be, nb, before[i]!, `${when}, NET_BUFFER ${i + 1}`));

  // The second handler call fails: the first NET_BUFFERs are rolled back through the free handler.
  let call = 0;
  const failSecond = spy(be, (size: number) => (++call === 2 ? refusing(size) : be.ndis.allocateMdl(size)));
  const free = spy(be, freeing(be));
  const status = ndis.retreatNetBufferListDataStart(nbl, 50, 0, failSecond.handler, free.handler);
  ctx.equal(status, NdisStatus.NDIS_STATUS_RESOURCES, 'the list form returns the failure of the NET_BUFFER that failed', { status: hexCode(status) });
  ctx.check(failSecond.calls.length === 2 && failSecond.calls.every((c) => c.arg === 40), 'the handler is called for the second and third NET_BUFFERs only, with 40 each', { calls: failSecond.calls });
  ctx.equal(free.calls.length, 1, 'the rollback frees the one MDL already allocated, through the free handler', { calls: free.calls });
  unchanged('after a failed list Retreat');

  // Exactly one handler NULL: invalid, nothing happens.
  const alloc = spy(be, exactly(be));
  for (const [what, a, f] of [
    ['a NULL free handler', alloc.handler, null],
    ['a NULL allocate handler', null, free.handler],
  ] as const) {
    const result = ndis.retreatNetBufferListDataStart(nbl, 50, 0, a, f);
    ctx.equal(result, NtStatus.STATUS_INVALID_PARAMETER, `the list form with ${what} returns STATUS_INVALID_PARAMETER`, { result: hexCode(result) });
    unchanged(`after the list form with ${what}`);
  }
  ctx.check(alloc.calls.length === 0 && free.calls.length === 1, 'an invalid call calls no handler', { alloc: alloc.calls, free: free.calls });

  // Both handlers, then both NULL: every NET_BUFFER moves; Advance with FreeMdl undoes it.
  for (const [what, a, f] of [
    ['both handlers', alloc.handler, free.handler],
    ['both handlers NULL', null, null],
  ] as const) {
    const result = ndis.retreatNetBufferListDataStart(nbl, 50, 0, a, f);
    ctx.equal(result, NdisStatus.NDIS_STATUS_SUCCESS, `the list form with ${what} succeeds`, { result: hexCode(result) });
    nbs.forEach((nb, i) => ctx.equal(netBufferAt(be, nb).dataLength, before[i]!.dataLength + 50, `the list form with ${what} retreats NET_BUFFER ${i + 1}`));
    for (const nb of nbs) ndis.advanceNetBufferDataStart(nb, 50, true, f);
    unchanged(`after advancing back from the list form with ${what}`);
  }
  ctx.check(alloc.calls.length === 2 && free.calls.length === 3, 'the handlers were called for the two NET_BUFFERs that needed an MDL', { alloc: alloc.calls, free: free.calls });
  ndis.freeNetBufferList(nbl);
}

const big = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString(16) : value);

const ndis = (contract: Omit<BackendContract, 'family'>): BackendContract => ({ family: 'ndis', ...contract });

export const ndisContracts: BackendContract[] = [
  ndis({
    id: 'ndis.mdl.success',
    source: 'the returned MDL describes at least `*BufferSize` bytes: ByteCount, StartVa page-aligned, ByteOffset < 4096, Size = 48 + 8·pages, Next NULL, mapping flags set and MappedSystemVa writable for the whole block; `*BufferSize` holds the real size afterwards',
    needs: ['ndis'],
    check: mdlSuccess,
  }),
  ndis({
    id: 'ndis.mdl.null-on-failure',
    source: 'failure gives NULL and leaves nothing allocated (a block allocated before the MDL failed is released)',
    needs: ['ndis', 'faultInjection', 'memoryLimit'],
    check: mdlNullOnFailure,
  }),
  ndis({
    id: 'ndis.mdl.irql',
    source: 'allocate and free work at PASSIVE, APC and DISPATCH_LEVEL; a call above DISPATCH_LEVEL is reported (0xC4/0x02 style) and allocates nothing',
    needs: ['ndis'],
    check: mdlIrql,
  }),
  ndis({
    id: 'ndis.mdl.nonpaged',
    source: 'the memory behind the MDL is nonpaged',
    needs: ['ndis', 'kernel'],
    check: mdlNonpaged,
  }),
  ndis({
    id: 'ndis.mdl.free-same-mechanism',
    source: 'NetFreeMdl releases both the MDL and its block, through the allocator that made them; a mismatch is reported',
    needs: ['ndis', 'kernel'],
    check: mdlFreeSameMechanism,
  }),
  ndis({
    id: 'ndis.retreat',
    source: 'Retreat/Advance follow section 2 exactly: when the handler is called, with what size, NULL → NDIS_STATUS_RESOURCES with the NET_BUFFER unchanged, Advance with FreeMdl frees through the paired handler',
    needs: ['ndis'],
    check: retreat,
  }),
];
