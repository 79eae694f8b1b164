/**
 * Which cases a certification runs: every scenario once without faults (the baseline),
 * then the systematic fault sweep (the n-th allocation fails, for n = 1, 2, ... until a
 * run no longer reaches the n-th allocation), then the optional randomized runs.
 */
import type { CaseOutcome, CaseSpec } from './cases.js';

export interface CaseRecord {
  spec: CaseSpec;
  outcome: CaseOutcome;
}

export interface SuitePlan {
  scenarios: readonly string[];
  faultSweep: boolean;
  /** With a probability, each scenario also runs RANDOM_RUNS times under failRandomly. */
  faultProbability?: number;
  seed: number;
}

/** Randomized runs per scenario; their seeds are seed, seed+1, ... so a report reproduces. */
const RANDOM_RUNS = 4;

/** A bound on the sweep for an extension whose allocations never end (each run still has its time limit). */
const MAX_SWEEP = 1024;

/** Whether the planned fault happened: a run that died is taken as changed by it. */
function reachedFault(outcome: CaseOutcome): boolean {
  return outcome.outcome !== 'completed' || outcome.injected.length > 0;
}

/**
 * Runs the plan through `run` (which limits concurrency itself) and returns every case in
 * a stable order: scenario by scenario, baseline first, then by fault.
 */
export async function runSuite(plan: SuitePlan, run: (spec: CaseSpec) => Promise<CaseOutcome>): Promise<CaseRecord[]> {
  const perScenario = await Promise.all(
    plan.scenarios.map(async (scenario) => {
      const records: CaseRecord[] = [];
      const record = async (spec: CaseSpec) => {
        const outcome = await run(spec);
        records.push({ spec, outcome });
        return outcome;
      };
      const baseline = await record({ scenario });
      // A baseline that crashed, hung or failed to run says nothing about how faults are handled.
      if (baseline.outcome !== 'completed') return records;
      if (plan.faultSweep) {
        // The baseline counted the attempts, so the first n+1 runs can go in parallel; the sweep
        // continues one by one only while a fault still changes the path enough to allocate more.
        const first = Array.from({ length: baseline.attempts + 1 }, (_, i) => i + 1);
        const outcomes = await Promise.all(first.map((n) => record({ scenario, fault: { mode: 'nth', n } })));
        let n = first.length;
        let last = outcomes[outcomes.length - 1]!;
        while (reachedFault(last) && n < MAX_SWEEP) last = await record({ scenario, fault: { mode: 'nth', n: ++n } });
      }
      if (plan.faultProbability !== undefined && plan.faultProbability > 0) {
        const probability = plan.faultProbability;
        await Promise.all(
          Array.from({ length: RANDOM_RUNS }, (_, i) => record({ scenario, fault: { mode: 'random', probability, seed: plan.seed + i } })),
        );
      }
      return records.sort((a, b) => faultOrder(a.spec) - faultOrder(b.spec));
    }),
  );
  return perScenario.flat();
}

function faultOrder(spec: CaseSpec): number {
  if (!spec.fault) return 0;
  return spec.fault.mode === 'nth' ? spec.fault.n : MAX_SWEEP + spec.fault.seed;
}
