/**
 * Every rule a backend enforces, with the contract it belongs to and the stop code Windows
 * raises for it. Backends report a kind and its evidence; `buildViolation` turns that into
 * the same Violation on every backend (the native core reports kinds by their `id`).
 */
import type { Evidence, Violation } from './backend.js';
import { AppVerifierStop, BugCheck, VerifierCode } from './bugcheck.js';
import type { ContractId } from './contracts.js';
import { irqlName } from './irql.js';
import { formatPointer } from './pointer.js';

export interface ViolationKindSpec {
  /** Stable number; the native core's violation log uses it. */
  id: number;
  contract: ContractId;
  code: number;
  /** Parameter 1 (for 0xC4 the VerifierCode); parameters 2–4 come from the evidence. */
  parameter1: number;
  appVerifierStop?: number;
  /** What broke, in one sentence, from the evidence. */
  describe(e: Evidence): string;
}

const at = (e: Evidence) => (e.address === undefined ? 'NULL' : formatPointer(e.address));
const block = (e: Evidence) => {
  const parts = [e.size === undefined ? undefined : `${e.size} bytes`, e.order === undefined ? undefined : `allocation #${e.order}`];
  const origin = e.allocatedBy === undefined ? '' : `, allocated in ${e.allocatedBy}`;
  const known = parts.filter(Boolean).join(', ');
  return known ? ` (${known}${origin})` : origin ? ` (${origin.slice(2)})` : '';
};
const irql = (e: Evidence) => (e.irql === undefined ? '' : ` at ${irqlName(e.irql)}`);
const byteAt = (e: Evidence) => (e.offset === undefined ? '' : ` (first damaged byte at offset ${e.offset})`);

const { DRIVER_VERIFIER_DETECTED_VIOLATION: C4 } = BugCheck;

const kinds = {
  DOT11EXT_DOUBLE_FREE: {
    id: 1, contract: 'dot11ext.free.double', code: C4, parameter1: VerifierCode.DOUBLE_FREE,
    appVerifierStop: AppVerifierStop.DOUBLE_FREE,
    describe: (e) => `Dot11ExtFreeBuffer(${at(e)}) frees a buffer that was already freed${block(e)}`,
  },
  DOT11EXT_FOREIGN_FREE: {
    id: 2, contract: 'dot11ext.free.foreign', code: C4, parameter1: VerifierCode.FREE_OF_UNALLOCATED_ADDRESS,
    appVerifierStop: AppVerifierStop.WRONG_HEAP,
    describe: (e) => `Dot11ExtFreeBuffer(${at(e)}) frees a pointer Dot11ExtAllocateBuffer never returned`,
  },
  DOT11EXT_OVERRUN: {
    id: 3, contract: 'dot11ext.free.overrun', code: BugCheck.PAGE_FAULT_BEYOND_END_OF_ALLOCATION, parameter1: 0,
    describe: (e) => `a write past the end of the buffer at ${at(e)}${block(e)}${byteAt(e)}, found by ${e.service}`,
  },
  DOT11EXT_UNDERRUN: {
    id: 4, contract: 'dot11ext.free.overrun', code: BugCheck.SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, parameter1: 0,
    describe: (e) => `a write before the start of the buffer at ${at(e)}${block(e)}${byteAt(e)}, found by ${e.service}`,
  },
  DOT11EXT_USE_AFTER_FREE: {
    id: 5, contract: 'dot11ext.free.use-after-free', code: BugCheck.PAGE_FAULT_IN_FREED_SPECIAL_POOL, parameter1: 0,
    describe: (e) => `a write to the buffer at ${at(e)}${block(e)} after it was freed${byteAt(e)}`,
  },
  TRANSFER_NOT_ALLOCATED: {
    id: 6, contract: 'dot11ext.ownership.transfer', code: C4, parameter1: VerifierCode.FREE_OF_UNALLOCATED_ADDRESS,
    appVerifierStop: AppVerifierStop.WRONG_HEAP,
    describe: (e) => `${e.service} returned ${at(e)} to the OS, which Dot11ExtAllocateBuffer never returned`,
  },
  TRANSFER_NOT_LIVE: {
    id: 7, contract: 'dot11ext.ownership.transfer', code: C4, parameter1: VerifierCode.DOUBLE_FREE,
    appVerifierStop: AppVerifierStop.DOUBLE_FREE,
    describe: (e) => `${e.service} returned ${at(e)} to the OS after freeing it${block(e)}`,
  },
  TRANSFER_NOT_OWNED: {
    id: 8, contract: 'dot11ext.ownership.transfer', code: BugCheck.NONE, parameter1: 0,
    describe: (e) => `${e.service} returned ${at(e)} to the OS, which already owns it${block(e)}`,
  },
  TRANSFER_TOO_SMALL: {
    id: 9, contract: 'dot11ext.ownership.transfer', code: BugCheck.PAGE_FAULT_BEYOND_END_OF_ALLOCATION, parameter1: 0,
    describe: (e) => `${e.service} returned ${at(e)}${block(e)}, too small for what it claims to hold`,
  },
  FREE_AFTER_TRANSFER: {
    id: 10, contract: 'dot11ext.ownership.transfer', code: C4, parameter1: VerifierCode.DOUBLE_FREE,
    appVerifierStop: AppVerifierStop.DOUBLE_FREE,
    describe: (e) => `Dot11ExtFreeBuffer(${at(e)}) by the DLL after it returned the buffer to the OS${block(e)}`,
  },
  WRITE_AFTER_TRANSFER: {
    id: 11, contract: 'dot11ext.ownership.transfer', code: BugCheck.PAGE_FAULT_IN_FREED_SPECIAL_POOL, parameter1: 0,
    describe: (e) => `a write to ${at(e)}${block(e)} after the DLL returned it to the OS${byteAt(e)}`,
  },
  DOT11EXT_LEAK: {
    id: 12, contract: 'dot11ext.ownership.leak', code: C4, parameter1: VerifierCode.POOL_LEAKED_AT_UNLOAD,
    appVerifierStop: AppVerifierStop.LEAK_AT_DLL_UNLOAD,
    describe: (e) => `the buffer at ${at(e)}${block(e)} is still allocated at DeinitService`,
  },
  CALL_AFTER_DEINIT: {
    id: 13, contract: 'ext.no-call-after-deinit', code: BugCheck.NONE, parameter1: 0,
    describe: (e) => `${e.service} called after DeinitService`,
  },
  PAGED_ALLOCATION_ABOVE_APC: {
    id: 14, contract: 'kernel.irql.pool', code: C4, parameter1: VerifierCode.PAGED_ALLOCATION_ABOVE_APC_LEVEL,
    describe: (e) => `${e.service} asked for paged pool${irql(e)}; paged pool is allowed up to APC_LEVEL`,
  },
  NONPAGED_ALLOCATION_ABOVE_DISPATCH: {
    id: 15, contract: 'kernel.irql.pool', code: C4, parameter1: VerifierCode.NONPAGED_ALLOCATION_ABOVE_DISPATCH_LEVEL,
    describe: (e) => `${e.service} called${irql(e)}; it is allowed up to DISPATCH_LEVEL`,
  },
  PAGED_FREE_ABOVE_APC: {
    id: 16, contract: 'kernel.irql.pool', code: C4, parameter1: VerifierCode.PAGED_FREE_ABOVE_APC_LEVEL,
    describe: (e) => `${e.service}(${at(e)}) frees paged pool${irql(e)}${block(e)}`,
  },
  NONPAGED_FREE_ABOVE_DISPATCH: {
    id: 17, contract: 'kernel.irql.pool', code: C4, parameter1: VerifierCode.NONPAGED_FREE_ABOVE_DISPATCH_LEVEL,
    describe: (e) => `${e.service}(${at(e)}) called${irql(e)}; it is allowed up to DISPATCH_LEVEL${block(e)}`,
  },
  WAIT_AT_DISPATCH: {
    id: 18, contract: 'kernel.irql.pool', code: BugCheck.NONE, parameter1: 0,
    describe: (e) => `${e.service} waits with a nonzero or no timeout${irql(e)}; only a zero timeout is allowed at DISPATCH_LEVEL`,
  },
  BAD_IRQL_RAISE: {
    id: 19, contract: 'kernel.irql.pool', code: C4, parameter1: VerifierCode.BAD_IRQL_RAISE,
    describe: (e) => `KeRaiseIrql to a level below the current one${irql(e)}`,
  },
  BAD_IRQL_LOWER: {
    id: 20, contract: 'kernel.irql.pool', code: C4, parameter1: VerifierCode.BAD_IRQL_LOWER,
    describe: (e) => `KeLowerIrql to a level above the current one${irql(e)}`,
  },
  PAGED_TOUCHED_AT_DISPATCH: {
    id: 21, contract: 'kernel.irql.pool', code: BugCheck.DRIVER_IRQL_NOT_LESS_OR_EQUAL, parameter1: 0,
    describe: (e) => `pageable memory at ${at(e)}${block(e)} touched${irql(e)}`,
  },
  MDL_SERVICE_ABOVE_DISPATCH: {
    id: 22, contract: 'ndis.mdl.irql', code: C4, parameter1: VerifierCode.NONPAGED_ALLOCATION_ABOVE_DISPATCH_LEVEL,
    describe: (e) => `${e.service} called${irql(e)}; NDIS calls it at IRQL <= DISPATCH_LEVEL`,
  },
  POOL_ZERO_SIZE: {
    id: 23, contract: 'kernel.pool.integrity', code: C4, parameter1: VerifierCode.ZERO_BYTE_ALLOCATION,
    describe: (e) => `${e.service} asked for zero bytes`,
  },
  POOL_FREE_UNALLOCATED: {
    id: 24, contract: 'kernel.pool.integrity', code: C4, parameter1: VerifierCode.FREE_OF_UNALLOCATED_ADDRESS,
    describe: (e) => `${e.service}(${at(e)}) frees an address the pool never returned`,
  },
  POOL_DOUBLE_FREE: {
    id: 25, contract: 'kernel.pool.integrity', code: C4, parameter1: VerifierCode.DOUBLE_FREE_OF_POOL,
    describe: (e) => `${e.service}(${at(e)}) frees a block that was already freed${block(e)}`,
  },
  POOL_OVERRUN: {
    id: 26, contract: 'kernel.pool.integrity', code: BugCheck.PAGE_FAULT_BEYOND_END_OF_ALLOCATION, parameter1: 0,
    describe: (e) => `a write past the end of the pool block at ${at(e)}${block(e)}${byteAt(e)}, found by ${e.service}`,
  },
  POOL_UNDERRUN: {
    id: 27, contract: 'kernel.pool.integrity', code: BugCheck.SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, parameter1: 0,
    describe: (e) => `a write before the start of the pool block at ${at(e)}${block(e)}${byteAt(e)}, found by ${e.service}`,
  },
  POOL_USE_AFTER_FREE: {
    id: 28, contract: 'kernel.pool.integrity', code: BugCheck.PAGE_FAULT_IN_FREED_SPECIAL_POOL, parameter1: 0,
    describe: (e) => `a write to the pool block at ${at(e)}${block(e)} after it was freed${byteAt(e)}`,
  },
  FREE_MECHANISM_MISMATCH: {
    id: 29, contract: 'ndis.mdl.free-same-mechanism', code: C4, parameter1: VerifierCode.FREE_OF_UNALLOCATED_ADDRESS,
    appVerifierStop: AppVerifierStop.WRONG_HEAP,
    describe: (e) => `${e.service}(${at(e)}) frees a block made by ${e.allocator ?? 'another allocator'}${block(e)}`,
  },
  MDL_BUILT_FOR_PAGED_POOL: {
    id: 30, contract: 'ndis.mdl.nonpaged', code: C4, parameter1: VerifierCode.MDL_BUILT_FOR_PAGED_POOL,
    describe: (e) => `MmBuildMdlForNonPagedPool given an MDL over paged pool at ${at(e)}${block(e)}`,
  },
  POOL_LEAK_AT_UNLOAD: {
    id: 31, contract: 'kernel.pool.leak', code: C4, parameter1: VerifierCode.POOL_LEAKED_AT_UNLOAD,
    describe: (e) => `the driver unloaded with ${e.allocator ?? 'pool'} block ${at(e)}${block(e)} still allocated`,
  },
  MDL_FREE_ABOVE_DISPATCH: {
    id: 32, contract: 'ndis.mdl.irql', code: C4, parameter1: VerifierCode.NONPAGED_FREE_ABOVE_DISPATCH_LEVEL,
    describe: (e) => `${e.service}(${at(e)}) called${irql(e)}; NDIS calls it at IRQL <= DISPATCH_LEVEL`,
  },
  FREED_THROUGH_WRONG_HEAP: {
    id: 33, contract: 'dot11ext.free.foreign', code: C4, parameter1: VerifierCode.FREE_OF_UNALLOCATED_ADDRESS,
    appVerifierStop: AppVerifierStop.WRONG_HEAP,
    describe: (e) => `free(${at(e)}) hands the C runtime a buffer Dot11ExtAllocateBuffer made${block(e)}; only Dot11ExtFreeBuffer frees it`,
  },
} satisfies Record<string, ViolationKindSpec>;

export type ViolationKindName = keyof typeof kinds;

/** A rule and its name in the table (`DOT11EXT_DOUBLE_FREE`, ...). */
export interface ViolationKind extends ViolationKindSpec {
  name: ViolationKindName;
}

export const ViolationKinds = Object.fromEntries(
  Object.entries(kinds).map(([name, spec]) => [name, { ...spec, name }]),
) as unknown as Readonly<Record<ViolationKindName, ViolationKind>>;

const byId = new Map<number, ViolationKind>(Object.values(ViolationKinds).map((k) => [k.id, k]));

/** The kind with this id (the native core's numbering). */
export function violationKindById(id: number): ViolationKind {
  const kind = byId.get(id);
  if (!kind) throw new RangeError(`unknown violation kind ${id}`);
  return kind;
}

/**
 * The Violation a backend records for `kind`. Bug-check parameters follow Windows where it
 * defines them: parameter 1 is the kind's code, 2 the address, 3 the size, 4 the IRQL.
 */
export function buildViolation(kind: ViolationKind, evidence: Evidence, faultsInjected: boolean): Violation {
  const withStop = kind.appVerifierStop === undefined ? evidence : { ...evidence, appVerifierStop: kind.appVerifierStop };
  return {
    kind: kind.name,
    contract: kind.contract,
    code: kind.code,
    params: [BigInt(kind.parameter1), evidence.address ?? 0n, BigInt(evidence.size ?? 0), BigInt(evidence.irql ?? 0)],
    message: kind.describe(evidence),
    evidence: withStop,
    faultsInjected,
  };
}
