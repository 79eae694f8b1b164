/**
 * Certification of a vendor's shared library: the backend's loader checks the file and
 * lists its exports in a child process (a module whose constructor crashes cannot take this process down),
 * then every case runs in its own child process, two at a time, each with a time limit.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IHV_EXPORTS } from '@ddikit/types';
import type { CaseOutcome } from './cases.js';
import { runInChild, type ChildEnd } from './child-runner.js';
import { certify, report, DEFAULT_SEED, type CertificationRun, type CertifyOptions } from './certification.js';
import type { CertificationResult } from './classify.js';
import { contractsOfKind } from './extension-catalogue.js';
import { CertificationInputError, type CertificationInputReason } from './input-error.js';
import { DEFAULT_NDIS_SYMBOLS, resolveKind, sortExports, symbolsToInspect, type ModuleExports } from './module-kind.js';
import { DDIKIT_RULE } from './observation.js';
import type { CertificationReport } from './report.js';
import type { BackendSpec } from './worker-protocol.js';

export interface CertifyModuleOptions extends CertifyOptions {
  /** The backend the worker creates. Default { module: '@ddikit/native', export: 'createNativeBackend' }. */
  backend?: BackendSpec;
  /** Each case's time limit; past it the case is killed and reported as a hang. Default 10 s. */
  caseTimeoutMs?: number;
  /** The NDIS handlers' export names. Default NetAllocateMdl / NetFreeMdl. */
  allocateSymbol?: string;
  freeSymbol?: string;
}

export const DEFAULT_BACKEND: BackendSpec = { module: '@ddikit/native', export: 'createNativeBackend' };
export const DEFAULT_CASE_TIMEOUT_MS = 10_000;
/** Two cases at a time: vendor code may start threads of its own, and CI machines are small. */
const CONCURRENCY = 2;
/** Inspecting only opens the library; a module that takes longer is stuck in its constructor. */
const INSPECT_TIMEOUT_MS = 10_000;

const LOAD_REASONS: readonly CertificationInputReason[] = ['missing', 'not-a-library', 'wrong-architecture', 'missing-exports'];

function describeEnd(end: Exclude<ChildEnd, { end: 'answered' }>): string {
  if (end.end === 'signal') return `killed by ${end.signal}${end.handler ? ` in ${end.handler}` : ''}`;
  if (end.end === 'timeout') return `no answer within ${end.timeoutMs} ms${end.handler ? ` (in ${end.handler})` : ''}`;
  return `exited with code ${end.code}${end.stderr ? `: ${end.stderr.split('\n').slice(-3).join(' / ')}` : ''}`;
}

async function inspectInChild(path: string, backend: BackendSpec, symbols: string[]): Promise<{ backendName: string; exports: string[] }> {
  const end = await runInChild({ task: 'inspect', backend, path, symbols }, INSPECT_TIMEOUT_MS);
  if (end.end !== 'answered') throw new CertificationInputError('not-a-library', path, `${path} could not be opened: loading it ${describeEnd(end)}`);
  const { answer } = end;
  if (answer.event === 'inspected') return answer;
  if (answer.event === 'inspect-failed') {
    const reason = LOAD_REASONS.find((r) => r === answer.reason);
    if (reason) throw new CertificationInputError(reason, path, answer.message);
    throw new Error(`inspecting ${path} failed: ${answer.message}`);
  }
  throw new Error(`the worker answered an inspection with ${answer.event}`);
}

function caseOutcome(end: ChildEnd): CaseOutcome {
  switch (end.end) {
    case 'answered':
      if (end.answer.event === 'case-done') return end.answer.outcome;
      return { outcome: 'error', message: `the worker answered a case with ${end.answer.event}` };
    case 'signal':
      return { outcome: 'crashed', signal: end.signal, ...(end.handler ? { handler: end.handler } : {}) };
    case 'timeout':
      return { outcome: 'hung', timeoutMs: end.timeoutMs, ...(end.handler ? { handler: end.handler } : {}) };
    case 'exit':
      return { outcome: 'error', message: `the worker ${describeEnd(end)}`, ...(end.handler ? { handler: end.handler } : {}) };
  }
}

/** An IHV module without both exports cannot be loaded: ext.init fails and nothing else can run. */
function incompleteIhvResults(path: string, found: ModuleExports): CertificationResult[] {
  const missing = IHV_EXPORTS.filter((s) => !found.ihv.includes(s));
  return contractsOfKind('ihv').map(({ id, source }): CertificationResult => {
    if (id === 'ext.init') {
      const message = `${path} exports ${found.ihv.join(', ')} but not ${missing.join(', ')}; the OS resolves both`;
      return { id, source, status: 'FAIL', faultsInjected: false, findings: [{ message, case: 'exports', faultsInjected: false, evidence: { code: DDIKIT_RULE } }] };
    }
    return { id, source, status: 'SKIP', reason: 'the module cannot be loaded as an IHV extension', faultsInjected: false, findings: [] };
  });
}

export async function certifyModule(path: string, options: CertifyModuleOptions = {}): Promise<CertificationReport> {
  const startedAt = new Date();
  const modulePath = resolve(path);
  const backend = options.backend ?? DEFAULT_BACKEND;
  const ndisSymbols = [options.allocateSymbol ?? DEFAULT_NDIS_SYMBOLS.allocate, options.freeSymbol ?? DEFAULT_NDIS_SYMBOLS.free] as const;
  const inspected = await inspectInChild(modulePath, backend, symbolsToInspect(ndisSymbols));
  const found = sortExports(inspected.exports, ndisSymbols);
  const kind = resolveKind(modulePath, found, options.kind);
  const sha256 = createHash('sha256').update(readFileSync(modulePath)).digest('hex');
  const seed = options.seed ?? DEFAULT_SEED;
  const timeoutMs = options.caseTimeoutMs ?? DEFAULT_CASE_TIMEOUT_MS;
  const run: Omit<CertificationRun, 'runCase' | 'concurrency'> = {
    kind,
    identify: () => ({ module: { path: modulePath, sha256, kind }, backend: { name: inspected.backendName, ...backend } }),
    options,
    reportOptions: {
      caseTimeoutMs: timeoutMs,
      ...(kind === 'ndis' ? { allocateSymbol: ndisSymbols[0], freeSymbol: ndisSymbols[1] } : {}),
    },
  };
  if (kind === 'ihv' && found.ihv.length < IHV_EXPORTS.length) return report(run, seed, startedAt, incompleteIhvResults(modulePath, found), []);
  const ndis = { allocate: ndisSymbols[0], free: ndisSymbols[1] };
  return certify({
    ...run,
    concurrency: CONCURRENCY,
    runCase: async (spec, onEnter) => caseOutcome(await runInChild({ task: 'case', backend, path: modulePath, kind, spec, seed, ndisSymbols: ndis }, timeoutMs, onEnter)),
  });
}
