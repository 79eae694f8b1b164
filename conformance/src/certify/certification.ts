/** What both ways of certifying share: options, progress, and the run from plan to report. */
import { caseName, type CaseOutcome, type CaseSpec, type ExtensionKind } from './cases.js';
import { classify, type CertificationResult } from './classify.js';
import { createLimiter } from './limit.js';
import { buildReport, type CertificationReport, type CertificationReportOptions } from './report.js';
import { scenarioNames } from './scenarios.js';
import { runSuite, type CaseRecord } from './suite-run.js';

export type CertificationProgress =
  | { type: 'case-start'; case: string }
  | { type: 'handler'; case: string; handler: string }
  | { type: 'case-end'; case: string; outcome: CaseOutcome['outcome'] };

export interface CertifyOptions {
  /** Default: from the module's exports (certifyModule), 'ihv' (certifyExtension). */
  kind?: ExtensionKind;
  /** The systematic sweep: every allocation the scenarios make is made to fail once. Default true. */
  faultSweep?: boolean;
  /** Seeds the backend and the randomized fault runs. Default 1. */
  seed?: number;
  /** Adds randomized fault runs (failRandomly) with this probability per allocation. */
  faultProbability?: number;
  onProgress?: (event: CertificationProgress) => void;
}

export const DEFAULT_SEED = 1;

/** Runs one case with progress events around it. */
export type CaseRunner = (spec: CaseSpec, onEnter: (handler: string) => void) => Promise<CaseOutcome>;

export interface CertificationRun {
  kind: ExtensionKind;
  /** Cases run at once. */
  concurrency: number;
  /** What was certified on what; asked when the report is built, after the cases ran. */
  identify(): { module: CertificationReport['module']; backend: CertificationReport['backend'] };
  options: CertifyOptions;
  reportOptions: Omit<CertificationReportOptions, 'faultSweep' | 'faultProbability'>;
  runCase: CaseRunner;
}

export async function certify(run: CertificationRun): Promise<CertificationReport> {
  const startedAt = new Date();
  const { options } = run;
  const seed = options.seed ?? DEFAULT_SEED;
  const faultSweep = options.faultSweep ?? true;
  const progress = options.onProgress ?? (() => {});
  const limit = createLimiter(run.concurrency);
  const records = await runSuite(
    { scenarios: scenarioNames(run.kind), faultSweep, seed, ...(options.faultProbability === undefined ? {} : { faultProbability: options.faultProbability }) },
    (spec) =>
      limit(async () => {
        const name = caseName(spec);
        progress({ type: 'case-start', case: name });
        const outcome = await run.runCase(spec, (handler) => progress({ type: 'handler', case: name, handler }));
        progress({ type: 'case-end', case: name, outcome: outcome.outcome });
        return outcome;
      }),
  );
  const randomized = (options.faultProbability ?? 0) > 0;
  const results = classify(run.kind, records, faultSweep || randomized ? 'no baseline run completed, so no fault was injected' : 'the fault sweep was turned off');
  return report(run, seed, startedAt, results, records);
}

/** A report without cases: the module could be inspected but not driven at all. */
export function report(run: Omit<CertificationRun, 'runCase' | 'concurrency'>, seed: number, startedAt: Date, results: CertificationResult[], records: readonly CaseRecord[]): CertificationReport {
  const { options } = run;
  return buildReport({
    ...run.identify(),
    seed,
    options: {
      faultSweep: options.faultSweep ?? true,
      ...(options.faultProbability === undefined ? {} : { faultProbability: options.faultProbability }),
      ...run.reportOptions,
    },
    startedAt,
    results,
    records,
  });
}
