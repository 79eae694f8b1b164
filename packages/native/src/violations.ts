/**
 * Reads the core's violation log (kind ids and evidence fields) and builds Violations
 * with buildViolation, exactly as every backend does.
 */
import { buildViolation, violationKindById, type Evidence, type Violation } from '@ddikit/types';
import { ALLOCATORS, EV } from './enums.js';
import { handlerName } from './handlers.js';
import { core, ptr } from './library.js';

/** sizeof(ddk_evidence) */
const RECORD_SIZE = 64;

let serviceNames: string[] | undefined;

/** The core's service names, indexed by its service ids. */
function names(): string[] {
  if (!serviceNames) {
    const c = core();
    const n = c.serviceCount() as number;
    serviceNames = Array.from({ length: n }, (_, i) => c.serviceName(i) as string);
  }
  return serviceNames;
}

export function serviceName(id: number): string {
  return names()[id] ?? 'unknown';
}

/** The core's id for a service name, or -1. */
export function serviceId(name: string): number {
  return names().indexOf(name);
}

export interface RawViolation {
  kind: number;
  service: number;
  evidence: Evidence;
  faultsInjected: boolean;
}

export function decodeViolation(bytes: Uint8Array, renameService?: (id: number) => string | undefined): RawViolation {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const present = v.getUint32(56, true);
  const service = v.getInt32(36, true);
  const evidence: Evidence = { service: renameService?.(service) ?? serviceName(service) };
  if (present & EV.ADDRESS) evidence.address = v.getBigUint64(0, true);
  if (present & EV.SIZE) evidence.size = Number(v.getBigUint64(8, true));
  if (present & EV.ORDER) evidence.order = Number(v.getBigUint64(16, true));
  if (present & EV.ALLOCATED_BY) evidence.allocatedBy = handlerName(v.getInt32(44, true));
  if (present & EV.HANDLER) evidence.handler = handlerName(v.getInt32(40, true));
  if (present & EV.IRQL) evidence.irql = v.getInt32(48, true);
  if (present & EV.OFFSET) evidence.offset = Number(v.getBigInt64(24, true));
  if (present & EV.ALLOCATOR) evidence.allocator = ALLOCATORS[v.getInt32(52, true)];
  for (const key of Object.keys(evidence) as Array<keyof Evidence>) if (evidence[key] === undefined) delete evidence[key];
  return { kind: v.getInt32(32, true), service, evidence, faultsInjected: v.getUint32(60, true) !== 0 };
}

/** The violation log of one context, read incrementally; the caller activates the context. */
export class ViolationLog {
  private readonly seen: Violation[] = [];
  private readonly record = new Uint8Array(RECORD_SIZE);

  /** Reads the records added since the last sync; returns the new Violations. */
  sync(renameService?: (id: number) => string | undefined): Violation[] {
    const c = core();
    const total = Number(c.violationCount());
    const added: Violation[] = [];
    for (let i = this.seen.length; i < total; i++) {
      if (c.violationGet(i, this.record) !== 0) break;
      const raw = decodeViolation(this.record, renameService);
      const violation = buildViolation(violationKindById(raw.kind), raw.evidence, raw.faultsInjected);
      this.seen.push(violation);
      added.push(violation);
    }
    return added;
  }

  get count(): number {
    return this.seen.length;
  }

  all(): Violation[] {
    return this.seen.slice();
  }
}

export { ptr };
