/**
 * Scenarios are written once against the Backend interface and an extension interface
 * (IhvExtension or NdisHandlerPair), so the same steps certify a vendor's shared library on
 * the native backend and an extension written in TypeScript on any backend.
 */
import type { Backend, ExtensionContractId, Pointer } from '@ddikit/types';

export interface CheckDetails {
  /** The handler that broke the rule. */
  handler?: string;
  address?: Pointer;
  size?: number;
}

export interface ScenarioContext<E> {
  readonly be: Backend;
  /** Loads a fresh instance of the extension under test, then arms the case's fault plan. */
  load(): E;
  /**
   * Calls into the extension as the OS calling `handler`: announced first, so a crash or a
   * hang inside it is reported against it, and run inside host.runHandler.
   */
  call<T>(handler: string, body: () => T): T;
  /** Records a broken rule the scenario checks itself (the backend records the others). */
  fail(contract: ExtensionContractId, rule: string, message: string, details?: CheckDetails): void;
  /**
   * The scenario cannot reach what it exists to check, through no injected fault (the DLL
   * refused to start, or left a handler NULL): the case then covers no contract, so a
   * contract no case reached is skipped with this reason instead of passing unchecked.
   */
  stopped(reason: string): void;
  /** Faults injected so far in this case. */
  injectedCount(): number;
  /** Waits for threads the extension left running, so what they do is judged before teardown. */
  settle(): Promise<void>;
}

export interface Scenario<E> {
  name: string;
  /**
   * The contracts a run of this scenario, without injected faults, checks; a case counts
   * as coverage for these alone. Default: every contract of the kind but the OOM one.
   */
  checks?: readonly ExtensionContractId[];
  run(ctx: ScenarioContext<E>): Promise<void>;
}

/** Looks a scenario up by name; a worker gets only the name. */
export function scenarioNamed<E>(scenarios: readonly Scenario<E>[], name: string): Scenario<E> {
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) throw new Error(`no scenario named ${name}`);
  return scenario;
}
