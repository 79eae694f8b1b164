/** The pool, IRQL and wait services an MDL handler uses. */
import {
  EventType,
  Irql,
  NtStatus,
  PoolFlags,
  PoolPriority,
  PoolType,
  irqlName,
  poolTag,
  type Backend,
  type Pointer,
} from '@ddikit/types';
import { hexCode } from '../format.js';
import type { BackendContract, CheckContext } from '../types.js';
import { expectBytes, expectLedgerUnchanged, expectViolations, liveByAddress, pattern, watch, type ExpectedViolation, type ViolationLog } from './support.js';

const TAG = poolTag('DDIk');
const { NonPagedPoolNx, PagedPool } = PoolType;

/** Sets the IRQL for `body` (raising from, and lowering back to, PASSIVE_LEVEL). */
function atIrql<T>(be: Backend, level: Irql, body: () => T): T {
  be.irql.raise(level);
  try {
    return body();
  } finally {
    be.irql.lower(Irql.PASSIVE_LEVEL);
  }
}

/** Pool at an IRQL where it is allowed: the check cannot go on without it. */
function allocatePool(ctx: CheckContext, be: Backend, poolType: number, size: number, level: Irql = Irql.PASSIVE_LEVEL): Pointer {
  const p = atIrql(be, level, () => be.kernel.exAllocatePoolWithTag(poolType, size, TAG));
  ctx.require(p !== 0n, `ExAllocatePoolWithTag(${poolType}, ${size}) at ${irqlName(level)} succeeds`);
  return p;
}

async function irqlPool(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const k = be.kernel;

  // Allowed: paged up to APC_LEVEL, nonpaged up to DISPATCH_LEVEL.
  const allowed: Array<[string, number, Irql]> = [
    ['paged pool', PagedPool, Irql.PASSIVE_LEVEL],
    ['paged pool', PagedPool, Irql.APC_LEVEL],
    ['nonpaged pool', NonPagedPoolNx, Irql.DISPATCH_LEVEL],
  ];
  for (const [what, poolType, level] of allowed) {
    const p = allocatePool(ctx, be, poolType, 64, level);
    atIrql(be, level, () => k.exFreePoolWithTag(p, TAG));
    ctx.check(!liveByAddress(be).has(p), `${what} allocated and freed at ${irqlName(level)} is gone`);
    expectViolations(ctx, log.take(), [], `${what} allocated and freed at ${irqlName(level)}`);
  }

  // Refused allocations: NULL, a violation with the IRQL and the service, nothing allocated.
  const refused: Array<[string, Irql, () => Pointer, ExpectedViolation]> = [
    ['ExAllocatePoolWithTag(PagedPool)', Irql.DISPATCH_LEVEL, () => k.exAllocatePoolWithTag(PagedPool, 64, TAG), { kind: 'PAGED_ALLOCATION_ABOVE_APC', service: 'ExAllocatePoolWithTag' }],
    ['ExAllocatePool2(POOL_FLAG_PAGED)', Irql.DISPATCH_LEVEL, () => k.exAllocatePool2(PoolFlags.POOL_FLAG_PAGED, 64, TAG), { kind: 'PAGED_ALLOCATION_ABOVE_APC', service: 'ExAllocatePool2' }],
    ['ExAllocatePoolWithTag(PagedPool)', Irql.HIGH_LEVEL, () => k.exAllocatePoolWithTag(PagedPool, 64, TAG), { kind: 'PAGED_ALLOCATION_ABOVE_APC', service: 'ExAllocatePoolWithTag' }],
    ['ExAllocatePoolWithTag(NonPagedPoolNx)', 3, () => k.exAllocatePoolWithTag(NonPagedPoolNx, 64, TAG), { kind: 'NONPAGED_ALLOCATION_ABOVE_DISPATCH', service: 'ExAllocatePoolWithTag' }],
    ['ExAllocatePool2(POOL_FLAG_NON_PAGED)', Irql.HIGH_LEVEL, () => k.exAllocatePool2(PoolFlags.POOL_FLAG_NON_PAGED, 64, TAG), { kind: 'NONPAGED_ALLOCATION_ABOVE_DISPATCH', service: 'ExAllocatePool2' }],
    ['NdisAllocateMemoryWithTagPriority', Irql.HIGH_LEVEL, () => k.ndisAllocateMemoryWithTagPriority(64, TAG, PoolPriority.NormalPoolPriority), { kind: 'NONPAGED_ALLOCATION_ABOVE_DISPATCH', service: 'NdisAllocateMemoryWithTagPriority' }],
  ];
  const target = allocatePool(ctx, be, NonPagedPoolNx, 64);
  refused.push(['IoAllocateMdl', Irql.HIGH_LEVEL, () => k.ioAllocateMdl(target, 64), { kind: 'NONPAGED_ALLOCATION_ABOVE_DISPATCH', service: 'IoAllocateMdl' }]);
  for (const [call, level, allocate, expected] of refused) {
    const before = be.liveAllocations();
    const p = atIrql(be, level, allocate);
    ctx.equal(p, 0n, `${call} at ${irqlName(level)} returns NULL`);
    expectLedgerUnchanged(ctx, be, before, `${call} at ${irqlName(level)}`);
    expectViolations(ctx, log.take(), [{ ...expected, irql: level }], `${call} at ${irqlName(level)}`);
  }

  // Frees at too high an IRQL: reported, and the block is freed anyway.
  const frees: Array<[string, Pointer, Irql, (p: Pointer) => void, ExpectedViolation]> = [
    ['paged pool', allocatePool(ctx, be, PagedPool, 64), Irql.DISPATCH_LEVEL, (p) => k.exFreePoolWithTag(p, TAG), { kind: 'PAGED_FREE_ABOVE_APC', service: 'ExFreePoolWithTag' }],
    ['paged pool', allocatePool(ctx, be, PagedPool, 64), Irql.DISPATCH_LEVEL, (p) => k.exFreePool(p), { kind: 'PAGED_FREE_ABOVE_APC', service: 'ExFreePool' }],
    ['nonpaged pool', allocatePool(ctx, be, NonPagedPoolNx, 64), Irql.HIGH_LEVEL, (p) => k.exFreePoolWithTag(p, TAG), { kind: 'NONPAGED_FREE_ABOVE_DISPATCH', service: 'ExFreePoolWithTag' }],
    ['NDIS memory', k.ndisAllocateMemoryWithTagPriority(64, TAG, PoolPriority.NormalPoolPriority), Irql.HIGH_LEVEL, (p) => k.ndisFreeMemory(p, 64, 0), { kind: 'NONPAGED_FREE_ABOVE_DISPATCH', service: 'NdisFreeMemory' }],
  ];
  log.take();
  for (const [what, p, level, free, expected] of frees) {
    atIrql(be, level, () => free(p));
    expectViolations(ctx, log.take(), [{ ...expected, irql: level, address: p }], `${expected.service} of ${what} at ${irqlName(level)}`);
    ctx.check(!liveByAddress(be).has(p), `${what} freed at ${irqlName(level)} is freed anyway (one mistake, one report)`, { address: p });
  }
  k.exFreePool(target);

  waits(ctx, be, log);

  // KeRaiseIrql / KeLowerIrql the wrong way round change nothing.
  atIrql(be, Irql.DISPATCH_LEVEL, () => {
    const previous = be.irql.raise(Irql.APC_LEVEL);
    ctx.equal(previous, Irql.DISPATCH_LEVEL, 'KeRaiseIrql to a lower level returns the current level');
    be.irql.lower(Irql.HIGH_LEVEL);
    ctx.equal(be.irql.current, Irql.DISPATCH_LEVEL, 'a wrong raise or lower leaves the IRQL alone');
  });
  expectViolations(ctx, log.take(), [
    { kind: 'BAD_IRQL_RAISE', irql: Irql.DISPATCH_LEVEL },
    { kind: 'BAD_IRQL_LOWER', irql: Irql.DISPATCH_LEVEL },
  ], 'KeRaiseIrql(APC_LEVEL) then KeLowerIrql(HIGH_LEVEL) at DISPATCH_LEVEL');
}

/** KeWaitForSingleObject: only a zero timeout at DISPATCH_LEVEL. */
function waits(ctx: CheckContext, be: Backend, log: ViolationLog): void {
  const k = be.kernel;
  const notification = be.memory.allocateHost(32);
  const synchronization = be.memory.allocateHost(32);
  k.keInitializeEvent(notification, EventType.NotificationEvent, false);
  k.keInitializeEvent(synchronization, EventType.SynchronizationEvent, true);
  const wait = (event: Pointer, timeout: bigint | null, level: Irql) => atIrql(be, level, () => k.keWaitForSingleObject(event, timeout));
  const expectStatus = (status: number, expected: number, what: string) =>
    ctx.equal(status, expected, `${what} returns ${hexCode(expected)}`, { status: hexCode(status) });

  for (const [what, timeout] of [['a 1 ms timeout', -10_000n], ['no timeout', null]] as const) {
    expectStatus(wait(notification, timeout, Irql.DISPATCH_LEVEL), NtStatus.STATUS_TIMEOUT, `a wait with ${what} at DISPATCH_LEVEL (not performed)`);
    expectViolations(ctx, log.take(), [{ kind: 'WAIT_AT_DISPATCH', service: 'KeWaitForSingleObject', irql: Irql.DISPATCH_LEVEL }], `KeWaitForSingleObject with ${what} at DISPATCH_LEVEL`);
  }
  expectStatus(wait(notification, 0n, Irql.DISPATCH_LEVEL), NtStatus.STATUS_TIMEOUT, 'a zero-timeout wait on an unsignaled event at DISPATCH_LEVEL');
  expectStatus(wait(synchronization, 0n, Irql.DISPATCH_LEVEL), NtStatus.STATUS_SUCCESS, 'a zero-timeout wait on a signaled event at DISPATCH_LEVEL');
  expectStatus(wait(synchronization, 0n, Irql.DISPATCH_LEVEL), NtStatus.STATUS_TIMEOUT, 'a second wait on a SynchronizationEvent (reset by the first)');
  k.keSetEvent(notification);
  expectStatus(wait(notification, -10_000n, Irql.PASSIVE_LEVEL), NtStatus.STATUS_SUCCESS, 'a wait with a timeout on a signaled event at PASSIVE_LEVEL');
  expectStatus(wait(notification, null, Irql.APC_LEVEL), NtStatus.STATUS_SUCCESS, 'a NotificationEvent stays signaled: a wait with no timeout at APC_LEVEL');
  expectViolations(ctx, log.take(), [], 'waits that follow the IRQL rule');
  be.memory.freeHost(notification);
  be.memory.freeHost(synchronization);
}

async function poolIntegrity(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const k = be.kernel;
  const kept = allocatePool(ctx, be, NonPagedPoolNx, 96);
  const keptBytes = pattern(96, 1);
  be.memory.write(kept, keptBytes);

  // Zero bytes.
  const zero: Array<[string, () => Pointer]> = [
    ['ExAllocatePoolWithTag', () => k.exAllocatePoolWithTag(NonPagedPoolNx, 0, TAG)],
    ['ExAllocatePool2', () => k.exAllocatePool2(PoolFlags.POOL_FLAG_NON_PAGED, 0, TAG)],
    ['NdisAllocateMemoryWithTagPriority', () => k.ndisAllocateMemoryWithTagPriority(0, TAG, PoolPriority.NormalPoolPriority)],
  ];
  for (const [service, allocate] of zero) {
    const before = be.liveAllocations();
    ctx.equal(allocate(), 0n, `${service} of zero bytes returns NULL`);
    expectViolations(ctx, log.take(), [{ kind: 'POOL_ZERO_SIZE', service }], `${service} of zero bytes`);
    expectLedgerUnchanged(ctx, be, before, `${service} of zero bytes`);
  }

  // ExAllocatePool2: flags naming no single kind fail quietly; blocks are zeroed unless asked not to.
  ctx.equal(k.exAllocatePool2(PoolFlags.POOL_FLAG_NON_PAGED | PoolFlags.POOL_FLAG_PAGED, 64, TAG), 0n, 'ExAllocatePool2 with both PAGED and NON_PAGED returns NULL');
  expectViolations(ctx, log.take(), [], 'ExAllocatePool2 with contradictory flags');
  const zeroed = k.exAllocatePool2(PoolFlags.POOL_FLAG_NON_PAGED, 64, TAG);
  ctx.require(zeroed !== 0n, 'ExAllocatePool2(POOL_FLAG_NON_PAGED, 64) succeeds');
  expectBytes(ctx, be, zeroed, new Uint8Array(64), 'ExAllocatePool2 without POOL_FLAG_UNINITIALIZED (zeroed)');
  k.exFreePool(zeroed);

  // Frees of what the pool never returned: NULL, host memory, an interior pointer.
  const host = be.memory.allocateHost(64);
  for (const [what, address] of [['NULL', 0n], ['host memory', host], ['an interior pointer', kept + 16n]] as const) {
    const before = be.liveAllocations();
    k.exFreePool(address);
    // NULL has no address to report; a backend may leave the field out.
    const at = address === 0n ? {} : { address };
    expectViolations(ctx, log.take(), [{ kind: 'POOL_FREE_UNALLOCATED', service: 'ExFreePool', ...at }], `ExFreePool of ${what}`);
    expectLedgerUnchanged(ctx, be, before, `ExFreePool of ${what}`);
  }
  be.memory.freeHost(host);

  // A double free.
  const twice = allocatePool(ctx, be, NonPagedPoolNx, 40);
  const order = liveByAddress(be).get(twice)?.order;
  k.exFreePoolWithTag(twice, TAG);
  const before = be.liveAllocations();
  k.exFreePoolWithTag(twice, TAG);
  expectViolations(ctx, log.take(), [{ kind: 'POOL_DOUBLE_FREE', service: 'ExFreePoolWithTag', address: twice, size: 40, order }], 'a second ExFreePoolWithTag of the same block');
  expectLedgerUnchanged(ctx, be, before, 'a double free');
  const fresh = Array.from({ length: 8 }, () => allocatePool(ctx, be, NonPagedPoolNx, 40));
  ctx.check(fresh.every((p) => p !== twice), 'no later allocation returns the doubly freed address', { twice, fresh });
  for (const p of fresh) k.exFreePool(p);

  // Writes outside a block, and after it was freed.
  const damaged: Array<[string, number, number, 'POOL_OVERRUN' | 'POOL_UNDERRUN']> = [
    ['a write one byte past the end', 24, 24, 'POOL_OVERRUN'],
    ['a write one byte before the start', 24, -1, 'POOL_UNDERRUN'],
  ];
  for (const [what, size, offset, kind] of damaged) {
    const p = allocatePool(ctx, be, NonPagedPoolNx, size);
    be.memory.write(p + BigInt(offset), new Uint8Array([0x41]));
    k.exFreePoolWithTag(p, TAG);
    expectViolations(ctx, log.take(), [{ kind, service: 'ExFreePoolWithTag', address: p, size, offset }], `${what} of a pool block, found by ExFreePoolWithTag`);
  }
  const freed = allocatePool(ctx, be, NonPagedPoolNx, 32);
  k.exFreePool(freed);
  be.memory.write(freed + 7n, new Uint8Array([0x41]));
  expectViolations(ctx, be.verify(), [{ kind: 'POOL_USE_AFTER_FREE', address: freed, size: 32, offset: 7 }], 'verify() after a write to a freed pool block');
  log.take();

  expectBytes(ctx, be, kept, keptBytes, 'a live pool block after every mistake');
  k.exFreePoolWithTag(kept, TAG);
  expectViolations(ctx, log.take(), [], 'freeing the live block afterwards');
}

async function poolLeak(ctx: CheckContext): Promise<void> {
  const be = await ctx.open();
  const log = watch(be);
  const k = be.kernel;
  const driver = 'MiniportInitializeEx';
  const blocks = be.host.runHandler(driver, () => {
    const pool = k.exAllocatePoolWithTag(NonPagedPoolNx, 100, TAG);
    const paged = k.exAllocatePoolWithTag(PagedPool, 200, TAG);
    const freed = k.exAllocatePoolWithTag(NonPagedPoolNx, 300, TAG);
    const memory = k.ndisAllocateMemoryWithTagPriority(400, TAG, PoolPriority.NormalPoolPriority);
    const ioMdl = k.ioAllocateMdl(pool, 100);
    const ndisMdl = k.ndisAllocateMdl(memory, 400);
    return { pool, paged, freed, memory, ioMdl, ndisMdl };
  });
  ctx.require(Object.values(blocks).every((p) => p !== 0n), 'the driver allocates pool, NDIS memory and MDLs');
  k.exFreePool(blocks.freed);
  // NDIS's own blocks are not the driver's: a NET_BUFFER and its MDL stay out of the report.
  const netBuffer = be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 64 });
  expectViolations(ctx, log.take(), [], 'allocating');

  const live = liveByAddress(be);
  const leak = (address: Pointer, allocator: 'pool' | 'ndis-memory' | 'io-mdl' | 'ndis-mdl'): ExpectedViolation => ({
    kind: 'POOL_LEAK_AT_UNLOAD',
    service: 'DriverUnload',
    address,
    allocator,
    size: live.get(address)?.size,
    order: live.get(address)?.order,
    allocatedBy: driver,
  });
  const expected = [
    leak(blocks.pool, 'pool'),
    leak(blocks.paged, 'pool'),
    leak(blocks.memory, 'ndis-memory'),
    leak(blocks.ioMdl, 'io-mdl'),
    leak(blocks.ndisMdl, 'ndis-mdl'),
  ];
  expectViolations(ctx, be.host.unloadDriver(), expected, 'unloadDriver (its result)');
  expectViolations(ctx, log.take(), expected, 'unloadDriver');
  be.ndis.freeNetBuffer(netBuffer);
}

const kernel = (contract: Omit<BackendContract, 'family'>): BackendContract => ({ family: 'kernel', ...contract });

export const kernelContracts: BackendContract[] = [
  kernel({
    id: 'kernel.irql.pool',
    source: 'paged pool above APC_LEVEL (0x01), nonpaged above DISPATCH_LEVEL (0x02), frees at too high an IRQL (0x11/0x12), waits with a nonzero timeout at DISPATCH_LEVEL: reported with the IRQL and the service',
    needs: ['kernel'],
    check: irqlPool,
  }),
  kernel({
    id: 'kernel.pool.integrity',
    // Added by the suite: SPEC section 3 names these stop codes but has no row for them.
    source: 'the pool services report a zero-byte allocation (0xC4/0x00), a free of an address the pool never returned (0xC4/0x10), a double free (0xC4/0x14) and a write outside a pool block or after it was freed, and a reported mistake never corrupts the pool',
    needs: ['kernel', 'guardBytes', 'poisoning'],
    check: poolIntegrity,
  }),
  kernel({
    id: 'kernel.pool.leak',
    source: 'pool still allocated by a module when it is unloaded is reported (0x62)',
    needs: ['kernel', 'ndis'],
    check: poolLeak,
  }),
];
