/** The Dot11ExtAllocateBuffer / Dot11ExtFreeBuffer contracts, and the OS side of ownership transfer. */
import { PoolType, Win32Error, formatPointer, poolTag, type AllocateBufferResult, type Backend, type Pointer } from '@ddikit/types';
import { hexCode } from '../format.js';
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
  watch,
} from './support.js';

const { ERROR_SUCCESS, ERROR_OUTOFMEMORY } = Win32Error;
const FREE = 'Dot11ExtFreeBuffer';
const QUERY_UI_REQUEST = 'Dot11ExtIhvQueryUIRequest';
const UI_REQUEST_CLAIM = 'Dot11ExtIhvQueryUIRequest *ppIhvUIRequest';

/** Allocates a buffer the check cannot go on without. */
function allocate(ctx: CheckContext, be: Backend, size: number): Pointer {
  const r = be.dot11ext.allocateBuffer(size);
  ctx.require(r.status === ERROR_SUCCESS && r.buffer !== 0n, `Dot11ExtAllocateBuffer(${size}) succeeds`, { size, status: hexCode(r.status), buffer: r.buffer });
  return r.buffer;
}

/** Allocates a buffer and fills it with a pattern the check reads back later. */
function allocateFilled(ctx: CheckContext, be: Backend, size: number, salt: number): { address: Pointer; bytes: Uint8Array } {
  const address = allocate(ctx, be, size);
  const bytes = pattern(size, salt);
  mustNotThrow(ctx, `the ${size} bytes at the buffer Dot11ExtAllocateBuffer returned are writable`, () => be.memory.write(address, bytes));
  return { address, bytes };
}

function expectOutOfMemory(ctx: CheckContext, r: AllocateBufferResult, what: string): void {
  ctx.check(r.status === ERROR_OUTOFMEMORY && r.buffer === 0n, `${what}: ERROR_OUTOFMEMORY and *ppvBuffer NULL`, {
    status: hexCode(r.status),
    buffer: r.buffer,
  });
}

function orderOf(be: Backend, address: Pointer): number | undefined {
  return liveByAddress(be).get(address)?.order;
}

const FIXED_SIZES = [1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 100, 127, 128, 255, 256, 1000, 1024, 4095, 4096, 4097, 8192, 65535, 65536, 100_000];

async function allocSuccess(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const sizes = [...FIXED_SIZES, ...randomSizes(ctx.seed, 64, 4096)];
  const buffers = sizes.map((size, i) => {
    const buffer = allocateFilled(ctx, be, size, i + 1);
    ctx.check(buffer.address % 16n === 0n, `Dot11ExtAllocateBuffer(${size}) returns a 16-byte aligned pointer`, { address: buffer.address });
    return { ...buffer, size };
  });

  // Read back only once every buffer is live and written: a block handed out twice, or two
  // blocks that overlap, show as damaged bytes.
  for (const b of buffers) expectBytes(ctx, be, b.address, b.bytes, `${b.size}-byte buffer among ${buffers.length} live ones`);
  const overlap = findOverlap(buffers.map((b) => ({ start: b.address, end: b.address + BigInt(Math.max(b.size, 1)), size: b.size })));
  ctx.check(overlap === undefined, 'live buffers never overlap', { overlap: overlap?.map((r) => ({ address: r.start, size: r.size })) });

  const live = liveByAddress(be);
  for (const b of buffers) {
    const entry = live.get(b.address);
    ctx.check(entry?.allocator === 'dot11ext' && entry.size === b.size && entry.owner === 'extension', `the ledger lists the ${b.size}-byte buffer as a live Dot11Ext block the extension owns`, {
      address: b.address,
      entry: entry ? { allocator: entry.allocator, size: entry.size, owner: entry.owner } : null,
    });
  }

  for (const b of buffers) be.dot11ext.freeBuffer(b.address);
  expectViolations(ctx, log.take(), [], `allocating, writing and freeing ${buffers.length} buffers`);
  ctx.equal(be.liveAllocations().length, 0, 'no block is live after every buffer was freed');
  expectViolations(ctx, be.verify(), [], 'verify() after freeing every buffer');
}

async function allocNullOnFailure(ctx: CheckContext): Promise<void> {
  await injectedFaults(ctx);
  await realExhaustion(ctx);
}

async function injectedFaults(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  allocate(ctx, be, 32);
  for (const nth of [1, 2, 5]) {
    const before = be.liveAllocations();
    be.faults.failNth(nth, { target: 'dot11ext' });
    const results = Array.from({ length: nth + 1 }, () => be.dot11ext.allocateBuffer(64));
    results.forEach((r, i) => {
      if (i + 1 === nth) expectOutOfMemory(ctx, r, `failNth(${nth}), attempt ${nth}`);
      else ctx.check(r.status === ERROR_SUCCESS && r.buffer !== 0n, `failNth(${nth}): attempt ${i + 1} succeeds (a plan fails one attempt)`, { status: hexCode(r.status) });
    });
    const succeeded = results.filter((r) => r.buffer !== 0n).map((r) => r.buffer);
    const live = liveByAddress(be);
    ctx.check(live.size === before.length + succeeded.length && succeeded.every((p) => live.has(p)), `failNth(${nth}): the failed attempt is not recorded as allocated`, {
      liveBefore: before.length,
      liveAfter: live.size,
      succeeded: succeeded.length,
    });
    for (const p of succeeded) be.dot11ext.freeBuffer(p);
  }
  const injected = be.faults.injected();
  ctx.check(injected.length === 3 && injected.every((f) => f.service === 'Dot11ExtAllocateBuffer' && f.size === 64), 'each injected fault is recorded against Dot11ExtAllocateBuffer with its size', {
    injected: injected.map((f) => ({ ...f })),
  });

  const before = be.liveAllocations();
  be.faults.failRandomly({ probability: 1, seed: ctx.seed, target: 'dot11ext' });
  for (let i = 0; i < 8; i++) expectOutOfMemory(ctx, be.dot11ext.allocateBuffer(16 * (i + 1)), `failRandomly(probability 1), attempt ${i + 1}`);
  expectLedgerUnchanged(ctx, be, before, 'eight allocations that all failed');

  be.faults.failRandomly({ probability: 0.5, seed: ctx.seed, target: 'dot11ext' });
  const mixed = Array.from({ length: 32 }, () => be.dot11ext.allocateBuffer(48));
  be.faults.clear();
  for (const r of mixed) {
    if (r.status !== ERROR_SUCCESS) expectOutOfMemory(ctx, r, 'failRandomly(probability 0.5), a failed attempt');
  }
  const succeeded = mixed.filter((r) => r.status === ERROR_SUCCESS).map((r) => r.buffer);
  ctx.equal(be.liveAllocations().length, before.length + succeeded.length, 'failRandomly(probability 0.5): only the successful attempts are live');
  for (const p of succeeded) be.dot11ext.freeBuffer(p);
  expectViolations(ctx, log.take(), [], 'allocations under injected faults');
}

async function realExhaustion(ctx: CheckContext): Promise<void> {
  const limit = 4096;
  const be = await ctx.open({ memoryLimit: limit });
  const log = watch(be);
  expectOutOfMemory(ctx, be.dot11ext.allocateBuffer(limit + 1), `Dot11ExtAllocateBuffer(${limit + 1}) with a memory limit of ${limit}`);
  ctx.equal(be.liveAllocations().length, 0, 'a size past the limit is not recorded as allocated');

  const whole = allocate(ctx, be, limit);
  const before = be.liveAllocations();
  expectOutOfMemory(ctx, be.dot11ext.allocateBuffer(1), 'Dot11ExtAllocateBuffer(1) once the limit is reached');
  expectLedgerUnchanged(ctx, be, before, 'an allocation past the limit');
  be.dot11ext.freeBuffer(whole);
  be.dot11ext.freeBuffer(allocate(ctx, be, limit)); // freeing gives the bytes back to the limit

  const small = Array.from({ length: limit / 64 }, () => allocate(ctx, be, 64));
  const full = be.liveAllocations();
  expectOutOfMemory(ctx, be.dot11ext.allocateBuffer(1), `Dot11ExtAllocateBuffer(1) after ${small.length} blocks of 64 bytes fill the limit`);
  expectLedgerUnchanged(ctx, be, full, 'an allocation past the limit');
  ctx.equal(be.faults.injected().length, 0, 'exhaustion is not recorded as an injected fault');
  for (const p of small) be.dot11ext.freeBuffer(p);
  expectViolations(ctx, log.take(), [], 'allocations up to and past the memory limit');
}

const EXTREME_SIZES = [0, 1, 0x7fff_ffff, 0x8000_0000, 0xffff_fffe, 0xffff_ffff];
/** A call that takes longer than this is treated as a hang: the contract is that these sizes return at once. */
const QUICK_MS = 1000;

async function allocExtremeSizes(ctx: CheckContext): Promise<void> {
  const limit = 1 << 20;
  const be = await ctx.open({ memoryLimit: limit });
  const log = watch(be);
  const live: Pointer[] = [];
  for (const size of EXTREME_SIZES) {
    const call = `Dot11ExtAllocateBuffer(${hexCode(size)})`;
    const started = performance.now();
    const r = mustNotThrow(ctx, `${call} returns instead of throwing`, () => be.dot11ext.allocateBuffer(size));
    const ms = performance.now() - started;
    ctx.check(ms < QUICK_MS, `${call} returns within ${QUICK_MS} ms`, { ms: Math.round(ms) });
    ctx.check(r.status === ERROR_SUCCESS || r.status === ERROR_OUTOFMEMORY, `${call} gives ERROR_SUCCESS or ERROR_OUTOFMEMORY`, { status: hexCode(r.status) });
    if (r.status !== ERROR_SUCCESS) {
      expectOutOfMemory(ctx, r, call);
      continue;
    }
    ctx.check(size <= limit, `${call} fails with a memory limit of ${limit} bytes`, { status: hexCode(r.status), buffer: r.buffer });
    ctx.check(r.buffer !== 0n && liveByAddress(be).get(r.buffer)?.size === size, `${call} succeeds with a live block of ${size} bytes`, { buffer: r.buffer });
    live.push(r.buffer);
  }

  // What 0 gives is the product's choice, documented: a unique pointer to an empty block, as HeapAlloc.
  const empty = [allocate(ctx, be, 0), allocate(ctx, be, 0)];
  ctx.check(empty[0] !== empty[1], 'two zero-byte allocations give distinct pointers', { first: empty[0], second: empty[1] });
  for (const p of empty) ctx.equal(liveByAddress(be).get(p)?.size, 0, `the zero-byte block at ${formatPointer(p)} is live with size 0`);
  for (const p of [...empty, ...live]) be.dot11ext.freeBuffer(p);
  be.dot11ext.freeBuffer(allocate(ctx, be, 16)); // the allocator still works after the extremes
  expectViolations(ctx, log.take(), [], 'extreme sizes, then freeing what succeeded');
}

async function freeNull(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const kept = allocateFilled(ctx, be, 64, 1);
  const before = be.liveAllocations();
  for (let i = 0; i < 3; i++) mustNotThrow(ctx, 'Dot11ExtFreeBuffer(NULL) returns instead of throwing', () => be.dot11ext.freeBuffer(0n));
  mustNotThrow(ctx, 'Dot11ExtFreeBuffer(NULL) in a handler returns instead of throwing', () => be.host.runHandler(QUERY_UI_REQUEST, () => be.dot11ext.freeBuffer(0n)));
  expectViolations(ctx, log.take(), [], 'Dot11ExtFreeBuffer(NULL)');
  expectLedgerUnchanged(ctx, be, before, 'Dot11ExtFreeBuffer(NULL)');
  expectBytes(ctx, be, kept.address, kept.bytes, 'a live buffer after Dot11ExtFreeBuffer(NULL)');
  be.dot11ext.freeBuffer(kept.address);
  expectViolations(ctx, log.take(), [], 'freeing the live buffer afterwards');
}

async function freeDouble(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const freed = be.host.runHandler('Dot11ExtIhvInitAdapter', () => allocate(ctx, be, 64));
  const order = orderOf(be, freed);
  const others = [allocateFilled(ctx, be, 48, 2), allocateFilled(ctx, be, 200, 3)];
  be.dot11ext.freeBuffer(freed);
  const before = be.liveAllocations();
  expectViolations(ctx, log.take(), [], 'the first free');

  const doubleFree = { kind: 'DOT11EXT_DOUBLE_FREE', service: FREE, address: freed, size: 64, order, allocatedBy: 'Dot11ExtIhvInitAdapter' } as const;
  be.dot11ext.freeBuffer(freed);
  expectViolations(ctx, log.take(), [doubleFree], 'a second Dot11ExtFreeBuffer of the same buffer');
  be.host.runHandler('Dot11ExtIhvDeinitAdapter', () => be.dot11ext.freeBuffer(freed));
  expectViolations(ctx, log.take(), [{ ...doubleFree, handler: 'Dot11ExtIhvDeinitAdapter' }], 'a third free, in a handler');

  // Not corrupted: the other buffers are intact, and new ones neither reuse the freed
  // block nor overlap anything live (a naive allocator would hand the block out twice).
  expectLedgerUnchanged(ctx, be, before, 'the double frees');
  for (const b of others) expectBytes(ctx, be, b.address, b.bytes, 'a live buffer after a double free');
  const fresh = Array.from({ length: 32 }, (_, i) => ({ ...allocateFilled(ctx, be, 64, 10 + i), size: 64 }));
  ctx.check(fresh.every((b) => b.address !== freed), 'no later allocation returns the doubly freed address', { freed, fresh: fresh.map((b) => b.address) });
  const all = [...others.map((b) => ({ ...b, size: b.bytes.length })), ...fresh];
  const overlap = findOverlap(all.map((b) => ({ start: b.address, end: b.address + BigInt(b.size) })));
  ctx.check(overlap === undefined, 'later allocations do not overlap live buffers', { overlap: overlap?.map((r) => r.start) });
  for (const b of all) expectBytes(ctx, be, b.address, b.bytes, 'a buffer allocated after the double free');
  for (const b of all) be.dot11ext.freeBuffer(b.address);
  expectViolations(ctx, log.take(), [], 'freeing everything afterwards');
  ctx.equal(be.liveAllocations().length, 0, 'nothing is live afterwards');
}

async function freeForeign(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const kept = allocateFilled(ctx, be, 64, 1);
  const host = be.memory.allocateHost(64);
  const hostBytes = pattern(64, 2);
  be.memory.write(host, hostBytes);
  const foreign: Array<[string, Pointer]> = [
    ['an interior pointer', kept.address + 16n],
    ['a pointer one byte in', kept.address + 1n],
    ['host memory (malloc)', host],
  ];
  // Another heap: a pool block, when the backend has the kernel services.
  const pool = ctx.supports.kernel ? be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 64, poolTag('DDIk')) : 0n;
  if (pool !== 0n) foreign.push(['a pool block', pool]);
  const before = be.liveAllocations();

  for (const [what, address] of foreign) {
    mustNotThrow(ctx, `Dot11ExtFreeBuffer of ${what} returns instead of throwing`, () => be.dot11ext.freeBuffer(address));
    expectViolations(ctx, log.take(), [{ kind: 'DOT11EXT_FOREIGN_FREE', service: FREE, address }], `Dot11ExtFreeBuffer of ${what}`);
  }
  expectLedgerUnchanged(ctx, be, before, 'foreign frees');
  expectBytes(ctx, be, kept.address, kept.bytes, 'the buffer an interior pointer points into');
  expectBytes(ctx, be, host, hostBytes, 'host memory passed to Dot11ExtFreeBuffer');
  be.dot11ext.freeBuffer(kept.address);
  if (pool !== 0n) be.kernel.exFreePool(pool);
  be.memory.freeHost(host);
  expectViolations(ctx, log.take(), [], 'freeing each block through its own mechanism afterwards');
}

async function freeOverrun(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const damage = (address: Pointer, offset: number) => be.memory.write(address + BigInt(offset), new Uint8Array([0x41]));

  const exact = allocateFilled(ctx, be, 24, 1);
  be.dot11ext.freeBuffer(exact.address);
  expectViolations(ctx, log.take(), [], 'writing exactly dwByteCount bytes, then freeing');

  const cases: Array<{ what: string; size: number; offset: number; kind: 'DOT11EXT_OVERRUN' | 'DOT11EXT_UNDERRUN' }> = [
    { what: 'a write one byte past the end', size: 24, offset: 24, kind: 'DOT11EXT_OVERRUN' },
    { what: 'a write 15 bytes past the end', size: 33, offset: 48, kind: 'DOT11EXT_OVERRUN' },
    { what: 'a write one byte before the start', size: 32, offset: -1, kind: 'DOT11EXT_UNDERRUN' },
    { what: 'a write to a zero-byte buffer', size: 0, offset: 0, kind: 'DOT11EXT_OVERRUN' },
  ];
  for (const c of cases) {
    const address = be.host.runHandler('Dot11ExtIhvPerformPreAssociate', () => allocate(ctx, be, c.size));
    const order = orderOf(be, address);
    damage(address, c.offset);
    be.dot11ext.freeBuffer(address);
    expectViolations(ctx, log.take(), [{ kind: c.kind, service: FREE, address, size: c.size, order, offset: c.offset, allocatedBy: 'Dot11ExtIhvPerformPreAssociate' }], `${c.what}, found by Dot11ExtFreeBuffer`);
  }

  // Handed to the OS: found when the OS adopts it, and reported once.
  const handed = be.host.runHandler(QUERY_UI_REQUEST, () => allocate(ctx, be, 40));
  damage(handed, 45);
  const adopted = be.host.adoptBuffer(handed, { minimumSize: 40, what: UI_REQUEST_CLAIM });
  const expected = [{ kind: 'DOT11EXT_OVERRUN', service: UI_REQUEST_CLAIM, address: handed, size: 40, offset: 45 } as const];
  expectViolations(ctx, adopted, expected, 'an overrun buffer returned to the OS (adoptBuffer\'s result)');
  expectViolations(ctx, log.take(), expected, 'an overrun buffer returned to the OS');
  be.host.releaseBuffer(handed);
  expectViolations(ctx, log.take(), [], 'the OS releasing it after the overrun was reported');

  // A live block: verify() finds it, and the later free does not report it again.
  const live = allocate(ctx, be, 16);
  damage(live, 16);
  expectViolations(ctx, be.verify(), [{ kind: 'DOT11EXT_OVERRUN', service: 'heap verification', address: live, size: 16, offset: 16 }], 'verify() over a live overrun buffer');
  log.take();
  be.dot11ext.freeBuffer(live);
  expectViolations(ctx, log.take(), [], 'freeing a buffer whose overrun verify() already reported');
}

async function freeUseAfterFree(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const untouched = allocate(ctx, be, 32);
  be.dot11ext.freeBuffer(untouched);
  expectViolations(ctx, be.verify(), [], 'verify() over a freed, untouched buffer');

  const written = allocate(ctx, be, 48);
  const order = orderOf(be, written);
  be.dot11ext.freeBuffer(written);
  be.memory.write(written + 5n, new Uint8Array([0x41, 0x42]));
  const expected = [{ kind: 'DOT11EXT_USE_AFTER_FREE', address: written, size: 48, order, offset: 5 } as const];
  expectViolations(ctx, be.verify(), expected, 'verify() after a write to a freed buffer');
  expectViolations(ctx, log.take(), expected, 'the violation log after verify()');
  expectViolations(ctx, be.verify(), [], 'a second verify() (damage is reported once)');

  // Leaving the quarantine: the block's poison is checked before its memory is reused.
  const small = await ctx.open({ quarantineBytes: 64 });
  const smallLog = watch(small);
  const first = allocate(ctx, small, 64);
  small.dot11ext.freeBuffer(first);
  small.memory.write(first, new Uint8Array([0x41]));
  const second = allocate(ctx, small, 64);
  small.dot11ext.freeBuffer(second);
  small.dot11ext.freeBuffer(allocate(ctx, small, 64));
  expectViolations(ctx, smallLog.take(), [{ kind: 'DOT11EXT_USE_AFTER_FREE', address: first, size: 64, offset: 0 }], 'a damaged block pushed out of a 64-byte quarantine');
}

async function ownershipTransfer(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const inHandler = (size: number) => be.host.runHandler(QUERY_UI_REQUEST, () => allocate(ctx, be, size));
  const adopt = (p: Pointer, minimumSize = 48) => be.host.adoptBuffer(p, { minimumSize, what: UI_REQUEST_CLAIM });

  // The normal path: the DLL returns a buffer, the OS owns it, then frees it.
  const request = inHandler(48);
  expectViolations(ctx, adopt(request), [], 'the OS adopting a 48-byte UI request');
  ctx.equal(liveByAddress(be).get(request)?.owner, 'os', 'an adopted buffer is owned by the OS');
  be.host.releaseBuffer(request);
  ctx.check(!liveByAddress(be).has(request), 'the OS releasing it frees it', { address: request });
  expectViolations(ctx, log.take(), [], 'adopting and releasing a UI request');

  // The DLL frees it anyway: while the OS holds it, and after the OS freed it.
  const held = inHandler(48);
  adopt(held);
  be.dot11ext.freeBuffer(held);
  expectViolations(ctx, log.take(), [{ kind: 'FREE_AFTER_TRANSFER', service: FREE, address: held }], 'Dot11ExtFreeBuffer of a buffer the OS holds');
  ctx.equal(liveByAddress(be).get(held)?.owner, 'os', 'the buffer stays live and the OS\'s');
  be.host.releaseBuffer(held);
  be.dot11ext.freeBuffer(held);
  expectViolations(ctx, log.take(), [{ kind: 'FREE_AFTER_TRANSFER', service: FREE, address: held }], 'Dot11ExtFreeBuffer of a buffer the OS already freed');

  // The DLL writes to it after the OS freed it.
  const written = inHandler(48);
  adopt(written);
  be.host.releaseBuffer(written);
  be.memory.write(written + 3n, new Uint8Array([0x41]));
  expectViolations(ctx, be.verify(), [{ kind: 'WRITE_AFTER_TRANSFER', address: written, size: 48, offset: 3 }], 'verify() after the DLL wrote to a buffer it returned');
  log.take();

  // What the OS refuses to adopt, and adopts with a complaint.
  const host = be.memory.allocateHost(48);
  const freed = inHandler(48);
  be.dot11ext.freeBuffer(freed);
  const twice = inHandler(48);
  adopt(twice);
  const refusals: Array<[string, Pointer, 'TRANSFER_NOT_ALLOCATED' | 'TRANSFER_NOT_LIVE' | 'TRANSFER_NOT_OWNED']> = [
    ['host memory', host, 'TRANSFER_NOT_ALLOCATED'],
    ['an interior pointer', twice + 8n, 'TRANSFER_NOT_ALLOCATED'],
    ['a freed buffer', freed, 'TRANSFER_NOT_LIVE'],
    ['a buffer the OS already owns', twice, 'TRANSFER_NOT_OWNED'],
  ];
  log.take();
  for (const [what, address, kind] of refusals) {
    const before = be.liveAllocations();
    const expected = [{ kind, service: UI_REQUEST_CLAIM, address }];
    expectViolations(ctx, adopt(address), expected, `returning ${what} to the OS (adoptBuffer's result)`);
    expectViolations(ctx, log.take(), expected, `returning ${what} to the OS`);
    expectLedgerUnchanged(ctx, be, before, `returning ${what} to the OS`);
  }
  const small = inHandler(16);
  expectViolations(ctx, adopt(small, 48), [{ kind: 'TRANSFER_TOO_SMALL', service: UI_REQUEST_CLAIM, address: small, size: 16 }], 'a 16-byte buffer claimed to hold 48 bytes');
  ctx.equal(liveByAddress(be).get(small)?.owner, 'os', 'a too-small buffer is still adopted');
  log.take();

  const own = inHandler(48);
  expectThrows(ctx, 'the OS releasing a buffer it never adopted', Error, () => be.host.releaseBuffer(own));
  ctx.equal(liveByAddress(be).get(own)?.owner, 'extension', 'a refused release leaves the buffer the DLL\'s');
  for (const p of [twice, small]) be.host.releaseBuffer(p);
  be.dot11ext.freeBuffer(own);
  be.memory.freeHost(host);
  expectViolations(ctx, log.take(), [], 'cleaning up');
}

async function ownershipLeak(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const a = be.host.runHandler('Dot11ExtIhvInitAdapter', () => allocate(ctx, be, 10));
  const [b, c] = be.host.runHandler('Dot11ExtIhvPerformPreAssociate', () => [allocate(ctx, be, 20), allocate(ctx, be, 30)]);
  const d = allocate(ctx, be, 40);
  const userData = new Uint8Array([1, 2, 3, 4, 5]);
  const e = be.host.handToExtension(userData);
  ctx.require(e !== 0n, 'the OS hands the DLL a buffer of custom user data');
  expectBytes(ctx, be, e, userData, 'custom user data handed to the DLL');
  const returned = be.host.runHandler(QUERY_UI_REQUEST, () => allocate(ctx, be, 48));
  be.host.adoptBuffer(returned, { minimumSize: 48, what: UI_REQUEST_CLAIM });
  be.dot11ext.freeBuffer(b!);
  expectViolations(ctx, log.take(), [], 'allocating in handlers');

  const live = liveByAddress(be);
  const leak = (address: Pointer, size: number, allocatedBy?: string) =>
    ({ kind: 'DOT11EXT_LEAK', service: 'Dot11ExtIhvDeinitService', address, size, order: live.get(address)?.order, ...(allocatedBy ? { allocatedBy } : {}) }) as const;
  // In allocation order; not the freed buffer, not the one the OS now owns.
  const expected = [leak(a, 10, 'Dot11ExtIhvInitAdapter'), leak(c!, 30, 'Dot11ExtIhvPerformPreAssociate'), leak(d, 40), leak(e, userData.length)];
  expectViolations(ctx, be.host.deinitService(), expected, 'DeinitService (its result)');
  expectViolations(ctx, log.take(), expected, 'DeinitService');

  // The ext.no-call-after-deinit certification relies on this half of DeinitService.
  const late = be.dot11ext.allocateBuffer(8);
  expectViolations(ctx, log.take(), [{ kind: 'CALL_AFTER_DEINIT', service: 'Dot11ExtAllocateBuffer' }], 'Dot11ExtAllocateBuffer after DeinitService');
  ctx.check(late.status === ERROR_SUCCESS && late.buffer !== 0n, 'a call after DeinitService is still performed', { status: hexCode(late.status) });
  be.dot11ext.freeBuffer(late.buffer);
  expectViolations(ctx, log.take(), [{ kind: 'CALL_AFTER_DEINIT', service: FREE }], 'Dot11ExtFreeBuffer after DeinitService');
  be.host.runHandler('Dot11ExtIhvProcessUIResponse', () => be.dot11ext.recordServiceCall('Dot11ExtSendUIRequest'));
  expectViolations(ctx, log.take(), [{ kind: 'CALL_AFTER_DEINIT', service: 'Dot11ExtSendUIRequest' }], 'Dot11ExtSendUIRequest after DeinitService');
  const calls = be.dot11ext.serviceCalls();
  ctx.check(
    calls.length === 1 && calls[0]!.service === 'Dot11ExtSendUIRequest' && calls[0]!.handler === 'Dot11ExtIhvProcessUIResponse',
    'a call to another service is recorded with the handler that made it',
    { calls: calls.map((c) => `${c.service} in ${c.handler ?? 'no handler'}`).join(', ') },
  );
}

const dot11ext = (contract: Omit<BackendContract, 'family'>): BackendContract => ({ family: 'dot11ext', ...contract });

export const dot11extContracts: BackendContract[] = [
  dot11ext({
    id: 'dot11ext.alloc.success',
    source: 'ERROR_SUCCESS and a non-NULL pointer to at least dwByteCount writable bytes; live buffers never overlap',
    needs: ['dot11ext'],
    check: allocSuccess,
  }),
  dot11ext({
    id: 'dot11ext.alloc.null-on-failure',
    source: "when memory cannot be had (injected fault or real exhaustion of the backend's limit) the return is ERROR_OUTOFMEMORY and `*ppvBuffer` is NULL; nothing is recorded as allocated",
    needs: ['dot11ext', 'faultInjection', 'memoryLimit'],
    check: allocNullOnFailure,
  }),
  dot11ext({
    id: 'dot11ext.alloc.extreme-sizes',
    source: '0 and sizes up to 0xFFFFFFFF never crash or hang: success or ERROR_OUTOFMEMORY; the product documents what 0 gives',
    needs: ['dot11ext', 'memoryLimit'],
    check: allocExtremeSizes,
  }),
  dot11ext({
    id: 'dot11ext.free.null',
    source: 'Dot11ExtFreeBuffer(NULL) does nothing',
    needs: ['dot11ext'],
    check: freeNull,
  }),
  dot11ext({
    id: 'dot11ext.free.double',
    source: 'a second free of the same buffer is reported (0xC4/0x13 style), never corrupts state',
    needs: ['dot11ext'],
    check: freeDouble,
  }),
  dot11ext({
    id: 'dot11ext.free.foreign',
    source: "freeing a pointer that the allocator never returned (interior, stack, malloc'd) is reported (0xC4/0x10, AppVerifier 0x6 style)",
    needs: ['dot11ext'],
    check: freeForeign,
  }),
  dot11ext({
    id: 'dot11ext.free.overrun',
    source: 'a write past dwByteCount (or before the start) is reported when the buffer is freed or handed to the OS',
    needs: ['dot11ext', 'guardBytes'],
    check: freeOverrun,
  }),
  dot11ext({
    id: 'dot11ext.free.use-after-free',
    // Added by the suite: SPEC section 3 has no row for writes to a freed buffer.
    source: 'a write to a buffer after Dot11ExtFreeBuffer freed it is reported when the quarantine is checked (verify, close, or the block leaving the quarantine), once, with the offset of the first damaged byte',
    needs: ['dot11ext', 'poisoning'],
    check: freeUseAfterFree,
  }),
  dot11ext({
    id: 'dot11ext.ownership.transfer',
    source: 'a buffer returned from an IHV handler passes to the OS, which frees it after the handler returns; any later free or write by the DLL is reported',
    needs: ['dot11ext', 'poisoning'],
    check: ownershipTransfer,
  }),
  dot11ext({
    id: 'dot11ext.ownership.leak',
    source: 'buffers the DLL allocated for itself and still holds at DeinitService are reported as leaks with size, order and the handler that allocated them (0xC4/0x62, AppVerifier 0x900 style)',
    needs: ['dot11ext'],
    check: ownershipLeak,
  }),
];
