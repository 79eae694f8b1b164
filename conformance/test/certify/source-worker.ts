/**
 * Builds the certification worker from source for this test run, into a directory of its
 * own under node_modules (so its imports of @ddikit/* resolve), so the tests exercise the
 * source they import and a concurrent rebuild of dist/ cannot pull the worker away.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll } from 'vitest';

const conformance = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function useWorkerFromSource(): void {
  beforeAll(() => {
    const cache = join(conformance, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const outfile = join(mkdtempSync(join(cache, 'certify-worker-')), 'worker.js');
    execFileSync(join(conformance, 'node_modules', '.bin', 'esbuild'), [
      join(conformance, 'src', 'certify', 'worker.ts'),
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--target=node20',
      '--packages=external',
      `--outfile=${outfile}`,
      '--log-level=warning',
    ]);
    process.env.DDIKIT_CERTIFY_WORKER = outfile;
  });
}
