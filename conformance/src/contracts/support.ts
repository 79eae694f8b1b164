/** What the checks of every family share: reading the violation log, the ledger, and memory. */
import {
  decodeMdl,
  MDL_HEADER_SIZE,
  mulberry32,
  ViolationKinds,
  type Allocation,
  type Backend,
  type Evidence,
  type Mdl,
  type Pointer,
  type Violation,
  type ViolationKind,
  type ViolationKindName,
} from '@ddikit/types';
import { allocationEvidence, violationEvidence } from '../format.js';
import type { CheckContext } from '../types.js';

/** True when `v` is a violation of this kind. */
export function isKind(v: Violation, kind: ViolationKind): boolean {
  return v.kind === kind.name;
}

/** Reads the violations a backend records, a step at a time. */
export interface ViolationLog {
  /** The violations recorded since the last call (or since `watch`). */
  take(): Violation[];
}

export function watch(backend: Backend): ViolationLog {
  let seen = backend.violations().length;
  return {
    take() {
      const all = backend.violations();
      const fresh = all.slice(seen);
      seen = all.length;
      return fresh;
    },
  };
}

type EvidenceField = 'service' | 'address' | 'size' | 'order' | 'offset' | 'allocator' | 'allocatedBy' | 'handler' | 'irql';

/** A violation a check expects: its kind, and the evidence fields that must hold these values. */
export type ExpectedViolation = { kind: ViolationKindName } & Partial<Pick<Evidence, EvidenceField>>;

function mismatches(v: Violation, expected: ExpectedViolation): string[] {
  const kind = ViolationKinds[expected.kind];
  const wrong: string[] = [];
  if (v.kind !== expected.kind) wrong.push('kind');
  if (v.contract !== kind.contract) wrong.push('contract');
  if (v.code !== kind.code) wrong.push('code');
  if (v.params[0] !== BigInt(kind.parameter1)) wrong.push('params[0]');
  if (kind.appVerifierStop !== undefined && v.evidence.appVerifierStop !== kind.appVerifierStop) wrong.push('appVerifierStop');
  if (!v.message) wrong.push('message');
  for (const field of Object.keys(expected) as Array<keyof ExpectedViolation>) {
    if (field !== 'kind' && v.evidence[field] !== expected[field]) wrong.push(`evidence.${field}`);
  }
  return wrong;
}

/**
 * Asserts that `recorded` is exactly `expected`, in order: each of the right kind (contract,
 * bug-check code and parameter 1) with the evidence fields given. `[]` asserts that nothing was reported.
 */
export function expectViolations(ctx: CheckContext, recorded: Violation[], expected: ExpectedViolation[], when: string): void {
  const shown = { expected: expected.map((e) => ({ ...e })), recorded: recorded.map(violationEvidence) };
  const counted = ctx.check(
    recorded.length === expected.length,
    expected.length === 0
      ? `${when}: no violation is recorded`
      : `${when}: ${expected.map((e) => e.kind).join(', ')} ${expected.length === 1 ? 'is' : 'are'} recorded, nothing else`,
    shown,
  );
  if (!counted) return;
  expected.forEach((e, i) => {
    const wrong = mismatches(recorded[i]!, e);
    ctx.check(wrong.length === 0, `${when}: ${e.kind} is reported with the right contract, code and evidence`, {
      ...shown,
      wrong,
    });
  });
}

/** The live blocks, by address. */
export function liveByAddress(backend: Backend): Map<Pointer, Allocation> {
  return new Map(backend.liveAllocations().map((a) => [a.address, a]));
}

/** Asserts that the ledger lists exactly the blocks of `before` (a call allocated and freed nothing). */
export function expectLedgerUnchanged(ctx: CheckContext, backend: Backend, before: Allocation[], when: string): void {
  const now = backend.liveAllocations();
  const was = new Set(before.map((a) => a.address));
  const is = new Set(now.map((a) => a.address));
  ctx.check(now.length === before.length && [...was].every((address) => is.has(address)), `${when}: the live blocks are unchanged`, {
    added: now.filter((a) => !was.has(a.address)).map(allocationEvidence),
    removed: before.filter((a) => !is.has(a.address)).map(allocationEvidence),
  });
}

/** Bytes a check writes and expects back: distinct per buffer, so a block that overlaps another shows. */
export function pattern(length: number, salt: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + salt * 17 + (i >>> 8)) & 0xff;
  return bytes;
}

/** The index of the first byte that differs, or -1. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : length;
}

/** Asserts that `bytes` are still at `address`. */
export function expectBytes(ctx: CheckContext, backend: Backend, address: Pointer, bytes: Uint8Array, what: string): void {
  const offset = firstDifference(backend.memory.read(address, bytes.length), bytes);
  ctx.check(offset < 0, `${what}: the ${bytes.length} bytes written at the block read back intact`, { address, size: bytes.length, offset });
}

/** Numbers in [0, 1) from mulberry32: the same sizes for the same seed on every backend. */
export function randomSource(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 2 ** 32;
}

/** Sizes from 1 to `max`, drawn from the run's seed. */
export function randomSizes(seed: number, count: number, max: number): number[] {
  const next = randomSource(seed);
  return Array.from({ length: count }, () => 1 + Math.floor(next() * max));
}

/** Runs `body`; if it throws, records `statement` as a failed assertion and ends the check. */
export function mustNotThrow<T>(ctx: CheckContext, statement: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    ctx.require(false, statement, { error });
    throw error; // unreachable: require threw
  }
}

/** Asserts that `body` throws an error of `type`. */
export function expectThrows(ctx: CheckContext, what: string, type: new (...args: never[]) => Error, body: () => unknown): void {
  let thrown: unknown;
  try {
    body();
  } catch (error) {
    thrown = error;
  }
  ctx.check(thrown instanceof type, `${what} throws ${type.name}`, { thrown: thrown ?? 'nothing' });
}

export function readMdl(backend: Backend, mdl: Pointer): Mdl {
  return decodeMdl(backend.memory.read(mdl, MDL_HEADER_SIZE));
}

/** Ranges [start, end) that must not overlap: the first pair that does, or undefined. */
export function findOverlap<T extends { start: Pointer; end: Pointer }>(ranges: T[]): [T, T] | undefined {
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start < sorted[i - 1]!.end) return [sorted[i - 1]!, sorted[i]!];
  return undefined;
}
