import { createNativeBackend } from '@ddikit/native';
import { createSimBackend } from '@ddikit/sim';
import { BACKEND_CONTRACTS, type BackendFactory } from '@ddikit/types';
import { describe, expect, test } from 'vitest';
import { runConformance } from '../src/runner.js';
import { brokenFactory, brokenVariants } from './broken-backends.js';

test('every backend contract has a variant that breaks it', () => {
  const broken = new Set(brokenVariants.map((v) => v.breaks));
  expect(BACKEND_CONTRACTS.filter((id) => !broken.has(id))).toEqual([]);
});

const backends: Array<[string, BackendFactory]> = [
  ['sim', createSimBackend],
  ['native', createNativeBackend],
];

describe.each(backends)('broken variants of the %s backend', (name, base) => {
  test(`the real ${name} backend passes every contract`, async () => {
    const report = await runConformance(base);
    expect(report.results.filter((r) => r.status !== 'PASS').map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
    expect(report.results).toHaveLength(BACKEND_CONTRACTS.length);
  });

  test.each(brokenVariants.map((v) => [v.name, v] as const))('%s: fails exactly the contract it breaks', async (_name, variant) => {
    const report = await runConformance(brokenFactory(variant, base));
    const expected = [variant.breaks, ...Object.keys(variant.alsoFails ?? {})].sort();
    const notPassing = report.results.filter((r) => r.status !== 'PASS');
    expect(notPassing.map((r) => r.id).sort()).toEqual(expected);
    expect(notPassing.map((r) => [r.id, r.status])).toEqual(notPassing.map((r) => [r.id, 'FAIL']));
    const broken = report.results.find((r) => r.id === variant.breaks)!;
    expect(broken.reason).toBeTruthy();
    expect(broken.evidence.length).toBeGreaterThan(0);
  });
});
