/**
 * The context a check runs in: it opens backends from the factory (and closes them), and
 * keeps the assertions the check made, so the runner can turn them into a result.
 */
import type { Backend, BackendContractId, BackendFactory, BackendOptions, BackendSupports } from '@ddikit/types';
import { toEvidenceDetails, toEvidenceValue } from './format.js';
import type { CheckContext, EvidenceItem } from './types.js';

/** Thrown by `require` to end a check whose next steps depend on what just failed. */
export class ContractFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractFailure';
  }
}

export interface CheckSettings {
  id: BackendContractId;
  factory: BackendFactory;
  supports: BackendSupports;
  seed: number;
  memoryLimit?: number;
}

/** A report keeps the first failures of a check; one broken rule can fail thousands of assertions. */
const MAX_FAILURES_KEPT = 25;

export interface CheckRecord {
  assertions: number;
  failures: EvidenceItem[];
  /** Failures beyond MAX_FAILURES_KEPT, counted but not kept. */
  failuresDropped: number;
}

export interface CheckSession {
  ctx: CheckContext;
  record: CheckRecord;
  /** Closes every backend the check opened; says whether a fault was injected into any of them. */
  finish(): { faultsInjected: boolean };
}

export function createCheckSession(settings: CheckSettings): CheckSession {
  const opened: Backend[] = [];
  const record: CheckRecord = { assertions: 0, failures: [], failuresDropped: 0 };

  const check = (condition: boolean, message: string, details?: Record<string, unknown>): boolean => {
    record.assertions++;
    if (condition) return true;
    if (record.failures.length < MAX_FAILURES_KEPT) {
      record.failures.push({ message, passed: false, ...(details ? { details: toEvidenceDetails(details) } : {}) });
    } else {
      record.failuresDropped++;
    }
    return false;
  };

  const ctx: CheckContext = {
    id: settings.id,
    seed: settings.seed,
    supports: settings.supports,
    async open(options?: BackendOptions) {
      const defaults: BackendOptions = { seed: settings.seed };
      if (settings.memoryLimit !== undefined) defaults.memoryLimit = settings.memoryLimit;
      const backend = await settings.factory({ ...defaults, ...options });
      opened.push(backend);
      return backend;
    },
    check,
    require(condition, message, details) {
      if (!check(condition, message, details)) throw new ContractFailure(message);
    },
    equal(actual, expected, message, details) {
      return check(Object.is(actual, expected), message, {
        ...details,
        actual: toEvidenceValue(actual),
        expected: toEvidenceValue(expected),
      });
    },
  };

  return {
    ctx,
    record,
    finish() {
      let faultsInjected = false;
      // Close the newest first: a later backend never outlives one it was opened after.
      for (const backend of opened.reverse()) {
        faultsInjected ||= settings.supports.faultInjection && backend.faults.injected().length > 0;
        backend.close();
      }
      return { faultsInjected };
    },
  };
}
