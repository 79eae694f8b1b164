/**
 * In-process certification of an extension given as code (a TypeScript IHV extension or
 * NDIS pair) on any backend: each case gets a fresh backend and a fresh extension. There
 * is no process to kill, so a crash or a synchronous hang is not contained here.
 */
import type { Backend, BackendFactory, IhvExtension, NdisHandlerPair } from '@ddikit/types';
import type { CaseOutcome } from './cases.js';
import { certify, DEFAULT_SEED, type CertifyOptions } from './certification.js';
import { IHV_SCENARIOS } from './ihv-scenarios.js';
import { NDIS_SCENARIOS } from './ndis-scenarios.js';
import type { CertificationReport } from './report.js';
import { runCase } from './run-case.js';

const IN_PROCESS_CONCURRENCY = 4;

export type ExtensionFactory = (be: Backend) => IhvExtension | NdisHandlerPair;

const isIhv = (extension: IhvExtension | NdisHandlerPair): extension is IhvExtension => 'initService' in extension;

function loadAs<E extends IhvExtension | NdisHandlerPair>(guard: (e: IhvExtension | NdisHandlerPair) => e is E, factory: ExtensionFactory, be: Backend): () => E {
  return () => {
    const extension = factory(be);
    if (!guard(extension)) throw new Error(`${extension.source} is not the kind of extension being certified`);
    return extension;
  };
}

const isNdis = (e: IhvExtension | NdisHandlerPair): e is NdisHandlerPair => !isIhv(e);

export async function certifyExtension(backendFactory: BackendFactory, extensionFactory: ExtensionFactory, options: CertifyOptions = {}): Promise<CertificationReport> {
  const kind = options.kind ?? 'ihv';
  const seed = options.seed ?? DEFAULT_SEED;
  let source = '';
  let backendName = '';
  return certify({
    kind,
    // An extension given as code is named by the source it reports when loaded.
    identify: () => ({ module: { path: source, sha256: null, kind }, backend: { name: backendName } }),
    options,
    reportOptions: {},
    // Cases overlap only while one waits for the threads (timers) of its extension.
    concurrency: IN_PROCESS_CONCURRENCY,
    async runCase(spec, onEnter): Promise<CaseOutcome> {
      const be = await backendFactory({ seed });
      backendName = be.name;
      try {
        const common = { be, spec, onEnter };
        const track = <E extends { source: string }>(load: () => E) => () => {
          const extension = load();
          source = extension.source;
          return extension;
        };
        return kind === 'ihv'
          ? await runCase({ ...common, kind, scenarios: IHV_SCENARIOS, load: track(loadAs(isIhv, extensionFactory, be)) })
          : await runCase({ ...common, kind, scenarios: NDIS_SCENARIOS, load: track(loadAs(isNdis, extensionFactory, be)) });
      } finally {
        be.close();
      }
    },
  });
}
