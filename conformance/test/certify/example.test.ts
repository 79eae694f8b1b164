/** The quick start's example library is built from source on demand and certifies. */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certifyModule, ensureExampleBuilt } from '../../src/certify/index.js';

describe('ensureExampleBuilt', () => {
  it('compiles the conformant IHV extension once into the cache and it certifies', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ddikit-example-'));
    const library = ensureExampleBuilt(cache);
    const built = statSync(library).mtimeMs;
    expect(ensureExampleBuilt(cache)).toBe(library);
    expect(statSync(library).mtimeMs).toBe(built);
    const report = await certifyModule(library);
    expect(report.certified).toBe(true);
  }, 60_000);
});
