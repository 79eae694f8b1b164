/** The certification report: the verdict per contract and what is needed to reproduce it. */
import packageJson from '../../package.json';
import type { ExtensionKind } from './cases.js';
import type { CertificationResult } from './classify.js';
import type { CaseRecord } from './suite-run.js';

/**
 * The version of the scenarios and of the mapping from violations to contracts. It changes
 * whenever either does, so two reports with the same one were judged by the same rules.
 */
export const CERTIFICATION_SUITE_VERSION = '1.0.0';

export interface CertificationReportOptions {
  faultSweep: boolean;
  faultProbability?: number;
  caseTimeoutMs?: number;
  allocateSymbol?: string;
  freeSymbol?: string;
}

export interface CertificationReport {
  /** sha256 is null for an extension given as code rather than as a file. */
  module: { path: string; sha256: string | null; kind: ExtensionKind };
  ddikitVersion: string;
  suiteVersion: string;
  /** The backend's name, and for certifyModule the module and export it was created from. */
  backend: { name: string; module?: string; export?: string };
  seed: number;
  options: CertificationReportOptions;
  startedAt: string;
  durationMs: number;
  results: CertificationResult[];
  summary: { total: number; passed: number; failed: number; skipped: number; errored: number; cases: number; casesWithFaults: number };
  /** Every contract for the module's kind passed. */
  certified: boolean;
}

export interface ReportParts {
  module: CertificationReport['module'];
  backend: CertificationReport['backend'];
  seed: number;
  options: CertificationReportOptions;
  startedAt: Date;
  results: CertificationResult[];
  records: readonly CaseRecord[];
}

export function buildReport(parts: ReportParts): CertificationReport {
  const { results, records } = parts;
  const count = (status: CertificationResult['status']) => results.filter((r) => r.status === status).length;
  return {
    module: parts.module,
    ddikitVersion: packageJson.version,
    suiteVersion: CERTIFICATION_SUITE_VERSION,
    backend: parts.backend,
    seed: parts.seed,
    options: parts.options,
    startedAt: parts.startedAt.toISOString(),
    durationMs: Date.now() - parts.startedAt.getTime(),
    results,
    summary: {
      total: results.length,
      passed: count('PASS'),
      failed: count('FAIL'),
      skipped: count('SKIP'),
      errored: count('ERROR'),
      cases: records.length,
      casesWithFaults: records.filter((r) => r.spec.fault !== undefined).length,
    },
    // The results are exactly the contracts of the module's kind.
    certified: results.every((r) => r.status === 'PASS'),
  };
}
