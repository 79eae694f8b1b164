/** The shapes the catalogue, the runner and the reporters share. */
import type {
  Backend,
  BackendContractId,
  BackendOptions,
  BackendSupports,
  Capability,
  ContractFamily,
} from '@ddikit/types';

/** A value a report can print and serialise as it is: bigints are already hex strings. */
export type EvidenceValue = string | number | boolean | null | EvidenceValue[] | { [key: string]: EvidenceValue };

/** Facts about one assertion: addresses as hex strings, codes in the 0xC4/0x13 form. */
export type EvidenceDetails = Record<string, EvidenceValue>;

/** One assertion a check made, or a note it left for the reader. */
export interface EvidenceItem {
  message: string;
  passed: boolean;
  details?: EvidenceDetails;
}

/** What a check is given: fresh backends and a place to record its assertions. */
export interface CheckContext {
  readonly id: BackendContractId;
  /** The run's seed; checks that draw random sizes draw them from it. */
  readonly seed: number;
  /** The backend's capability manifest. */
  readonly supports: BackendSupports;
  /**
   * A fresh backend from the factory, with the run's seed and memory limit unless
   * `options` says otherwise. Closed when the check ends.
   */
  open(options?: BackendOptions): Promise<Backend>;
  /** Records an assertion; returns `condition` so a check can branch on it. */
  check(condition: boolean, message: string, details?: Record<string, unknown>): boolean;
  /** Records an assertion and ends the check when it fails (what follows depends on it). */
  require(condition: boolean, message: string, details?: Record<string, unknown>): asserts condition;
  /** Records `actual === expected`, with both in the evidence. */
  equal<T>(actual: T, expected: T, message: string, details?: Record<string, unknown>): boolean;
}

export type BackendFamily = Exclude<ContractFamily, 'extension'>;

/** A backend contract as data: the rule, where it comes from, what it needs, and how it is checked. */
export interface BackendContract {
  id: BackendContractId;
  family: BackendFamily;
  /** The sentence of SPEC section 3 the contract enforces. */
  source: string;
  /** Capabilities the backend must declare for the check to run; otherwise the contract is skipped. */
  needs: readonly Capability[];
  check(ctx: CheckContext): void | Promise<void>;
}

export type ContractStatus = 'PASS' | 'FAIL' | 'SKIP' | 'ERROR';

export interface ContractResult {
  id: BackendContractId;
  family: BackendFamily;
  source: string;
  status: ContractStatus;
  /** Why it failed, errored or was skipped. */
  reason?: string;
  /** The failed assertions (all of them on FAIL), so the report alone locates the bug. */
  evidence: EvidenceItem[];
  /** How many assertions the check made. */
  assertions: number;
  /** True when a fault was injected into any backend the check opened. */
  faultsInjected: boolean;
  durationMs: number;
}

export interface ConformanceSummary {
  passed: number;
  failed: number;
  skipped: number;
  errored: number;
}

export interface ConformanceReport {
  /** The backend's name. */
  backend: string;
  supports: BackendSupports;
  /** The version of @ddikit/conformance that ran. */
  suiteVersion: string;
  seed: number;
  /** The memory limit given to backends, when the run set one. */
  memoryLimit?: number;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  results: ContractResult[];
  summary: ConformanceSummary;
}

export interface RunOptions {
  /** Contract IDs or globs (`dot11ext.*`); all backend contracts when absent. */
  contracts?: readonly string[];
  /** Passed to every backend the checks open. Default 1. */
  seed?: number;
  /** Passed to every backend the checks open, unless a check sets its own limit. */
  memoryLimit?: number;
  /** Called as each contract finishes, in catalogue order. */
  onResult?: (result: ContractResult) => void;
}
