/**
 * How the suite writes things down, in one place: the checks use it to record evidence and
 * the reporters use it to print it, so an address or a code reads the same everywhere.
 */
import { formatBugCheck, formatPointer, irqlName, type Allocation, type Violation } from '@ddikit/types';
import type { ConformanceSummary, EvidenceDetails, EvidenceItem, EvidenceValue } from './types.js';

/** An address: 0x00007ffd12345678. */
export const hexAddress = formatPointer;

/** A 32-bit status or error code: 0xC000009A. */
export function hexCode(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** An Application Verifier stop code, in hex as Application Verifier writes it: 0x900. */
export function appVerifierStopCode(stop: number): string {
  return `0x${stop.toString(16).toUpperCase()}`;
}

/** Any value as evidence: bigints become hex addresses, everything else plain data. */
export function toEvidenceValue(value: unknown): EvidenceValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return hexAddress(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value instanceof Uint8Array) return Array.from(value.subarray(0, 64), (b) => b.toString(16).padStart(2, '0')).join(' ');
  if (Array.isArray(value)) return value.map(toEvidenceValue);
  if (typeof value === 'object') return toEvidenceDetails(value as Record<string, unknown>);
  return String(value);
}

export function toEvidenceDetails(record: Record<string, unknown>): EvidenceDetails {
  const details: EvidenceDetails = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) details[key] = toEvidenceValue(value);
  return details;
}

/** A recorded violation as evidence: the code in the 0xC4/0x13 form, the IRQL by name. */
export function violationEvidence(v: Violation): EvidenceDetails {
  const e = v.evidence;
  return toEvidenceDetails({
    kind: v.kind,
    contract: v.contract,
    code: formatBugCheck(v.code, v.params[0]),
    message: v.message,
    service: e.service,
    address: e.address,
    size: e.size,
    order: e.order,
    offset: e.offset,
    allocator: e.allocator,
    allocatedBy: e.allocatedBy,
    handler: e.handler,
    irql: e.irql === undefined ? undefined : irqlName(e.irql),
    appVerifierStop: e.appVerifierStop === undefined ? undefined : appVerifierStopCode(e.appVerifierStop),
  });
}

export function allocationEvidence(a: Allocation): EvidenceDetails {
  return toEvidenceDetails({
    address: a.address,
    size: a.size,
    order: a.order,
    allocator: a.allocator,
    owner: a.owner,
    handler: a.handler,
    paged: a.paged,
    irql: irqlName(a.irql),
  });
}

/** 12 ms, 1.25 s. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** "19 passed, 0 failed, 0 skipped, 0 errored" */
export function summaryLine(summary: ConformanceSummary): string {
  return `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped, ${summary.errored} errored`;
}

/** One evidence item as text lines: the assertion, then `key: value` for each detail. */
export function evidenceLines(item: EvidenceItem): string[] {
  const lines = [item.message];
  for (const [key, value] of Object.entries(item.details ?? {})) lines.push(`  ${key}: ${formatEvidenceValue(value)}`);
  return lines;
}

function formatEvidenceValue(value: EvidenceValue): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return String(value);
  return JSON.stringify(value);
}
