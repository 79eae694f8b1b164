/**
 * The certification worker: a child process that runs one case (or inspects one module)
 * against a backend it imports by name, so a crash or hang in vendor code ends this
 * process and not the certification.
 */
import { writeSync } from 'node:fs';
import { ModuleLoadError, type Backend, type BackendFactory, type ModuleLoader } from '@ddikit/types';
import type { CaseOutcome } from './cases.js';
import { IHV_SCENARIOS } from './ihv-scenarios.js';
import { NDIS_SCENARIOS } from './ndis-scenarios.js';
import { runCase } from './run-case.js';
import { EVENT_FD, type BackendSpec, type WorkerEvent, type WorkerJob } from './worker-protocol.js';

function emit(event: WorkerEvent): void {
  writeSync(EVENT_FD, `${JSON.stringify(event)}\n`);
}

async function createBackend(spec: BackendSpec, seed: number): Promise<Backend> {
  const imported: Record<string, unknown> = await import(spec.module);
  const factory = imported[spec.export];
  if (typeof factory !== 'function') throw new Error(`${spec.module} has no backend factory named ${spec.export}`);
  return (factory as BackendFactory)({ seed });
}

function loaderOf(be: Backend): ModuleLoader {
  if (!be.modules) throw new Error(`the ${be.name} backend does not load native modules`);
  return be.modules;
}

async function runJob(job: WorkerJob): Promise<void> {
  if (job.task === 'inspect') {
    try {
      const be = await createBackend(job.backend, 1);
      const info = loaderOf(be).inspect(job.path, job.symbols);
      emit({ event: 'inspected', backendName: be.name, exports: info.exports });
    } catch (error) {
      const reason = error instanceof ModuleLoadError ? error.reason : undefined;
      emit({ event: 'inspect-failed', ...(reason ? { reason } : {}), message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  let outcome: CaseOutcome;
  try {
    const be = await createBackend(job.backend, job.seed);
    const loader = loaderOf(be);
    const common = { be, spec: job.spec, onEnter: (handler: string) => emit({ event: 'enter', handler }) };
    outcome =
      job.kind === 'ihv'
        ? await runCase({ ...common, kind: 'ihv', scenarios: IHV_SCENARIOS, load: () => loader.loadIhvExtension(job.path) })
        : await runCase({ ...common, kind: 'ndis', scenarios: NDIS_SCENARIOS, load: () => loader.loadNdisHandlers(job.path, job.ndisSymbols) });
  } catch (error) {
    outcome = { outcome: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  emit({ event: 'case-done', outcome });
}

process.once('message', (job: WorkerJob) => {
  // Exit as soon as the answer is out: threads a vendor module left running must not keep the case alive.
  void runJob(job).finally(() => process.exit(0));
});
