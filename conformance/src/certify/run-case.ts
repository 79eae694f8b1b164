/**
 * Runs one case on a backend: the scenario, its fault plan, then every violation the
 * backend recorded turned into observations. Used by the worker process and by in-process
 * certification alike.
 */
import { formatPointer, type Backend } from '@ddikit/types';
import type { CaseOutcome, CaseSpec, ExtensionKind } from './cases.js';
import { DDIKIT_RULE, type Observation } from './observation.js';
import { scenarioNamed, type Scenario, type ScenarioContext } from './scenario.js';
import { observeViolation } from './violation-mapping.js';

/** How long threads an extension left running get to make their last calls. */
const SETTLE_MS = 50;

export interface RunCaseOptions<E> {
  be: Backend;
  kind: ExtensionKind;
  scenarios: readonly Scenario<E>[];
  spec: CaseSpec;
  /** Loads a fresh instance of the extension. */
  load: () => E;
  /** Called before every call into the extension (the worker tells its parent). */
  onEnter: (handler: string) => void;
}

const FAULT_TARGET = { ihv: 'dot11ext', ndis: 'kernel' } as const;

function armFaults(be: Backend, kind: ExtensionKind, spec: CaseSpec): void {
  const { fault } = spec;
  const target = FAULT_TARGET[kind];
  if (!fault) be.faults.clear(); // resets the attempt count, so the run measures the extension alone
  else if (fault.mode === 'nth') be.faults.failNth(fault.n, { target });
  else be.faults.failRandomly({ probability: fault.probability, seed: fault.seed, target });
}

export async function runCase<E>(options: RunCaseOptions<E>): Promise<CaseOutcome> {
  const { be, kind, spec, onEnter } = options;
  const checks: Observation[] = [];
  let handler: string | undefined;
  let stoppedEarly: string | undefined;
  const ctx: ScenarioContext<E> = {
    be,
    load() {
      onEnter('module load');
      const extension = options.load();
      armFaults(be, kind, spec);
      return extension;
    },
    call(name, body) {
      handler = name;
      onEnter(name);
      return be.host.runHandler(name, body);
    },
    fail(contract, rule, message, details = {}) {
      checks.push({
        contract,
        rule,
        message,
        faultsInjected: be.faults.injected().length > 0,
        evidence: {
          ...(details.address === undefined ? {} : { address: formatPointer(details.address) }),
          ...(details.size === undefined ? {} : { size: details.size }),
          ...(details.handler === undefined ? {} : { brokenIn: details.handler }),
          code: DDIKIT_RULE,
        },
      });
    },
    stopped(reason) {
      stoppedEarly ??= reason;
    },
    injectedCount: () => be.faults.injected().length,
    settle: () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS)),
  };
  try {
    await scenarioNamed(options.scenarios, spec.scenario).run(ctx);
    be.verify();
    const observations = [...be.violations().map((v) => observeViolation(kind, v)), ...checks];
    const injected = be.faults.injected().map(({ service, attempt, size, handler: h }) => ({
      service,
      attempt,
      size,
      ...(h === undefined ? {} : { handler: h }),
    }));
    return { outcome: 'completed', observations, injected, attempts: be.faults.attempts, ...(stoppedEarly === undefined ? {} : { stoppedEarly }) };
  } catch (error) {
    return { outcome: 'error', message: error instanceof Error ? error.message : String(error), ...(handler ? { handler } : {}) };
  }
}
