/** Every C fixture compiled once per test file, into a directory of its own. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileFixture, fixtureManifest } from '../../src/certify/index.js';

export function compileAllFixtures(): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'ddikit-fixtures-'));
  return new Map(fixtureManifest().map((f) => [f.name, compileFixture(f.name, dir)]));
}
