/**
 * A case is one scenario run once, on a fresh backend and a fresh load of the extension,
 * optionally under a fault plan. Outcomes are plain JSON so a worker process can send them.
 */
import type { Observation } from './observation.js';

export type ExtensionKind = 'ihv' | 'ndis';

export type FaultPlan =
  /** The n-th allocation attempt after the extension is loaded fails. */
  | { mode: 'nth'; n: number }
  /** Every attempt fails with `probability`, from a generator seeded with `seed`. */
  | { mode: 'random'; probability: number; seed: number };

export interface CaseSpec {
  scenario: string;
  fault?: FaultPlan;
}

/** An allocation failure the backend injected, as the worker reports it. */
export interface InjectedFaultRecord {
  service: string;
  attempt: number;
  size: number;
  handler?: string;
}

export type CaseOutcome =
  | {
      outcome: 'completed';
      observations: Observation[];
      injected: InjectedFaultRecord[];
      /** Allocation attempts counted from the load (every target when no plan was set). */
      attempts: number;
      /** Why the scenario stopped before what it checks, when it did (ScenarioContext.stopped). */
      stoppedEarly?: string;
    }
  | { outcome: 'crashed'; signal: string; handler?: string }
  | { outcome: 'hung'; timeoutMs: number; handler?: string }
  | { outcome: 'error'; message: string; handler?: string };

/** The name a report gives a case: the scenario and the fault it ran under. */
export function caseName(spec: CaseSpec): string {
  const { fault } = spec;
  if (!fault) return spec.scenario;
  if (fault.mode === 'nth') return `${spec.scenario} (allocation ${fault.n} fails)`;
  return `${spec.scenario} (random faults, p=${fault.probability}, seed ${fault.seed})`;
}
