import {
  ViolationKinds, buildViolation, type Backend, type BackendOptions, type Violation, type ViolationKindName,
} from '@ddikit/types';
import { afterEach } from 'vitest';
import { createSimBackend } from '../src/index.js';

const open: Backend[] = [];

/** A fresh backend, closed after the test unless the test closed it. */
export function sim(options: BackendOptions = {}): Backend {
  const backend = createSimBackend(options);
  open.push(backend);
  return backend;
}

afterEach(() => {
  for (const backend of open.splice(0)) {
    try {
      backend.close();
    } catch {
      // Closed by the test already, or a bug-check backend throwing at close: either is the test's business.
    }
  }
});

const names = Object.keys(ViolationKinds) as ViolationKindName[];

/** The kind a violation was built from: the one that rebuilds it exactly from its evidence. */
export function kindOf(violation: Violation): ViolationKindName {
  const { appVerifierStop: _stop, ...evidence } = violation.evidence;
  const matches = names.filter((name) => {
    const rebuilt = buildViolation(ViolationKinds[name], evidence, violation.faultsInjected);
    return JSON.stringify(rebuilt, bigints) === JSON.stringify(violation, bigints);
  });
  if (matches.length !== 1) throw new Error(`cannot tell the kind of "${violation.message}": ${matches.join(', ') || 'none'}`);
  return matches[0]!;
}

const bigints = (_key: string, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value);

/** The kinds of the violations, in order. */
export function kinds(violations: Violation[]): ViolationKindName[] {
  return violations.map(kindOf);
}

/** The kinds of every violation the backend recorded. */
export function recorded(backend: Backend): ViolationKindName[] {
  return kinds(backend.violations());
}

export function bytes(length: number, value: number): Uint8Array {
  return new Uint8Array(length).fill(value);
}

export function allocate(backend: Backend, size: number): bigint {
  const { status, buffer } = backend.dot11ext.allocateBuffer(size);
  if (status !== 0) throw new Error(`allocateBuffer(${size}) failed with ${status}`);
  return buffer;
}
