/** Runs contracts against a backend factory and collects one result per contract. */
import type { BackendFactory, BackendSupports, Capability } from '@ddikit/types';
import { selectContracts } from './catalogue.js';
import { ContractFailure, createCheckSession } from './context.js';
import { SUITE_VERSION } from './version.js';
import type { BackendContract, ConformanceReport, ConformanceSummary, ContractResult, RunOptions } from './types.js';

/** What the suite learns about a backend before it runs anything. */
export interface BackendProfile {
  name: string;
  supports: BackendSupports;
}

const CAPABILITIES: readonly Capability[] = ['dot11ext', 'ndis', 'kernel', 'faultInjection', 'memoryLimit', 'guardBytes', 'poisoning', 'threads', 'nativeModules'];

/** Opens one backend to read its name and capability manifest, and checks that it is one. */
export async function profileBackend(factory: BackendFactory, settings: { seed: number; memoryLimit?: number }): Promise<BackendProfile> {
  const backend = await factory(settings.memoryLimit === undefined ? { seed: settings.seed } : { seed: settings.seed, memoryLimit: settings.memoryLimit });
  try {
    if (typeof backend?.name !== 'string' || typeof backend.supports !== 'object' || backend.supports === null) {
      throw new TypeError('the factory did not return a backend (a name and a supports manifest are missing)');
    }
    const missing = CAPABILITIES.filter((c) => typeof backend.supports[c] !== 'boolean');
    if (missing.length > 0) throw new TypeError(`backend ${backend.name} does not declare ${missing.join(', ')} in its supports manifest`);
    return { name: backend.name, supports: { ...backend.supports } };
  } finally {
    backend?.close?.();
  }
}

export interface ContractRunSettings {
  factory: BackendFactory;
  profile: BackendProfile;
  seed: number;
  memoryLimit?: number;
}

/** Runs one contract: SKIP when a need is unsupported, else the check's verdict. */
export async function runContract(contract: BackendContract, settings: ContractRunSettings): Promise<ContractResult> {
  const started = performance.now();
  const base = { id: contract.id, family: contract.family, source: contract.source };
  const missing = contract.needs.filter((need) => !settings.profile.supports[need]);
  if (missing.length > 0) {
    return { ...base, status: 'SKIP', reason: `backend ${settings.profile.name} does not support ${missing.join(', ')}`, evidence: [], assertions: 0, faultsInjected: false, durationMs: 0 };
  }

  const session = createCheckSession({
    id: contract.id,
    factory: settings.factory,
    supports: settings.profile.supports,
    seed: settings.seed,
    ...(settings.memoryLimit === undefined ? {} : { memoryLimit: settings.memoryLimit }),
  });
  let thrown: unknown;
  try {
    await contract.check(session.ctx);
  } catch (error) {
    thrown = error;
  }
  let faultsInjected = false;
  try {
    faultsInjected = session.finish().faultsInjected;
  } catch (error) {
    thrown ??= error;
  }

  const { record } = session;
  const durationMs = performance.now() - started;
  const common = { ...base, evidence: record.failures, assertions: record.assertions, faultsInjected, durationMs };
  if (thrown !== undefined && !(thrown instanceof ContractFailure)) {
    const message = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    return { ...common, status: 'ERROR', reason: `the check threw ${message}` };
  }
  if (record.failures.length > 0) {
    const more = record.failures.length - 1 + record.failuresDropped;
    const reason = more > 0 ? `${record.failures[0]!.message} (and ${more} more failed assertion${more === 1 ? '' : 's'})` : record.failures[0]!.message;
    return { ...common, status: 'FAIL', reason };
  }
  return { ...common, status: 'PASS' };
}

export function summarize(results: readonly ContractResult[]): ConformanceSummary {
  const count = (status: ContractResult['status']) => results.filter((r) => r.status === status).length;
  return { passed: count('PASS'), failed: count('FAIL'), skipped: count('SKIP'), errored: count('ERROR') };
}

/**
 * Runs the backend contracts against fresh backends from `factory`, one contract at a time,
 * and returns every result. Throws UnknownContractError for a glob that matches nothing,
 * and rejects when the factory cannot make a backend.
 */
export async function runConformance(factory: BackendFactory, options: RunOptions = {}): Promise<ConformanceReport> {
  const contracts = selectContracts(options.contracts);
  const seed = options.seed ?? 1;
  const startedAt = new Date();
  const started = performance.now();
  const limit = options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit };
  const profile = await profileBackend(factory, { seed, ...limit });

  const results: ContractResult[] = [];
  for (const contract of contracts) {
    const result = await runContract(contract, { factory, profile, seed, ...limit });
    results.push(result);
    options.onResult?.(result);
  }
  return {
    backend: profile.name,
    supports: profile.supports,
    suiteVersion: SUITE_VERSION,
    seed,
    ...limit,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - started,
    results,
    summary: summarize(results),
  };
}
