/**
 * The built package from `node -e`, which sets a global __dirname of '.' for the script: the
 * bundles must still find the fixtures and the C headers from where they are themselves.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ddikit-node-eval-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `script` with node -e from an unrelated folder; returns what it printed. */
function nodeEval(script: string): string {
  return execFileSync(process.execPath, ['-e', script], { cwd: scratch, encoding: 'utf8' }).trim();
}

const esmEntry = JSON.stringify(pathToFileURL(join(dist, 'index.js')).href);
const cjsEntry = JSON.stringify(join(dist, 'index.cjs'));

/** Each bundle, and the script that builds the example into `cache` with it and prints the library's path. */
const bundles: Array<[string, (cache: string) => string]> = [
  ['ESM', (cache) => `import(${esmEntry}).then((m) => console.log(m.ensureExampleBuilt(${JSON.stringify(cache)})))`],
  ['CJS', (cache) => `console.log(require(${cjsEntry}).ensureExampleBuilt(${JSON.stringify(cache)}))`],
];

describe('ensureExampleBuilt under node -e', () => {
  it.each(bundles)('builds the example from the %s bundle', (name, script) => {
    const cache = join(scratch, name);
    const library = nodeEval(script(cache));
    expect(library.startsWith(cache)).toBe(true);
    expect(library.endsWith('.so')).toBe(true);
    expect(existsSync(library)).toBe(true);
  }, 60_000);
});
