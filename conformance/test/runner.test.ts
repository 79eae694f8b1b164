import { createSimBackend } from '@ddikit/sim';
import { BACKEND_CONTRACTS, contractFamily, type Backend, type BackendFactory } from '@ddikit/types';
import { describe, expect, test } from 'vitest';
import { backendContracts, selectContracts, UnknownContractError } from '../src/catalogue.js';
import { runConformance } from '../src/runner.js';
import { SUITE_VERSION } from '../src/version.js';
import type { ContractResult } from '../src/types.js';

/** The sim backend declaring fewer capabilities than it has. */
const withoutCapabilities = (...missing: Array<keyof Backend['supports']>): BackendFactory => (options) => {
  const backend = createSimBackend(options);
  const supports = { ...backend.supports, ...Object.fromEntries(missing.map((c) => [c, false])) };
  return new Proxy(backend, { get: (target, key) => (key === 'supports' ? supports : Reflect.get(target, key, target)) });
};

describe('the catalogue', () => {
  test('holds every backend contract once, in the order of @ddikit/types, with its family', () => {
    expect(backendContracts.map((c) => c.id)).toEqual([...BACKEND_CONTRACTS]);
    for (const c of backendContracts) {
      expect(c.family).toBe(contractFamily(c.id));
      expect(c.source.length).toBeGreaterThan(10);
      expect(c.needs.length).toBeGreaterThan(0);
    }
  });

  test('selects by exact ID and by glob, in catalogue order', () => {
    expect(selectContracts(['ndis.retreat']).map((c) => c.id)).toEqual(['ndis.retreat']);
    expect(selectContracts(['kernel.*', 'dot11ext.free.?ull']).map((c) => c.id)).toEqual(['dot11ext.free.null', 'kernel.irql.pool', 'kernel.pool.integrity', 'kernel.pool.leak']);
    expect(selectContracts(['*']).length).toBe(BACKEND_CONTRACTS.length);
    expect(selectContracts([]).length).toBe(BACKEND_CONTRACTS.length);
  });

  test('refuses a glob that matches nothing, naming it', () => {
    expect(() => selectContracts(['dot11ext.*', 'ndis.mdl.sucess'])).toThrow(UnknownContractError);
    expect(() => selectContracts(['ndis.mdl.sucess'])).toThrow('no contract matches "ndis.mdl.sucess"');
  });
});

describe('runConformance', () => {
  test('passes the sim backend on every contract and describes the run', async () => {
    const seen: ContractResult[] = [];
    const report = await runConformance(createSimBackend, { seed: 7, onResult: (r) => seen.push(r) });
    expect(report.backend).toBe('sim');
    expect(report.suiteVersion).toBe(SUITE_VERSION);
    expect(report.seed).toBe(7);
    expect(Date.parse(report.startedAt)).not.toBeNaN();
    expect(report.summary).toEqual({ passed: BACKEND_CONTRACTS.length, failed: 0, skipped: 0, errored: 0 });
    expect(seen).toEqual(report.results);
    for (const r of report.results) {
      expect(r.assertions).toBeGreaterThan(0);
      expect(r.evidence).toEqual([]);
    }
    expect(report.results.find((r) => r.id === 'dot11ext.alloc.null-on-failure')!.faultsInjected).toBe(true);
    expect(report.results.find((r) => r.id === 'dot11ext.free.null')!.faultsInjected).toBe(false);
  });

  test('gives every backend the seed and memory limit of the run', async () => {
    const options: unknown[] = [];
    await runConformance((o) => (options.push(o), createSimBackend(o)), { contracts: ['dot11ext.free.*'], seed: 42, memoryLimit: 1 << 22 });
    expect(options.length).toBeGreaterThan(1);
    for (const o of options) expect(o).toMatchObject({ seed: 42 });
    expect(options.filter((o) => (o as { memoryLimit?: number }).memoryLimit === 1 << 22).length).toBeGreaterThan(0);
  });

  test('skips, and says why, what the backend declares unsupported', async () => {
    const report = await runConformance(withoutCapabilities('ndis', 'poisoning'));
    const skipped = report.results.filter((r) => r.status === 'SKIP');
    expect(skipped.map((r) => r.id)).toEqual([
      'dot11ext.free.use-after-free',
      'dot11ext.ownership.transfer',
      ...BACKEND_CONTRACTS.filter((id) => id.startsWith('ndis.')),
      'kernel.pool.integrity',
      'kernel.pool.leak',
    ]);
    expect(skipped.find((r) => r.id === 'ndis.mdl.nonpaged')!.reason).toBe('backend sim does not support ndis');
    expect(skipped.find((r) => r.id === 'dot11ext.ownership.transfer')!.reason).toBe('backend sim does not support poisoning');
    expect(report.summary.skipped).toBe(skipped.length);
    expect(report.summary.failed + report.summary.errored).toBe(0);
  });

  test('reports ERROR, with the message, when a check throws unexpectedly', async () => {
    const throwing: BackendFactory = (options) => {
      const backend = createSimBackend(options);
      return new Proxy(backend, { get: (target, key) => (key === 'liveAllocations' ? () => { throw new Error('ledger unavailable'); } : Reflect.get(target, key, target)) });
    };
    const report = await runConformance(throwing, { contracts: ['dot11ext.free.null'] });
    expect(report.results[0]).toMatchObject({ status: 'ERROR', reason: 'the check threw Error: ledger unavailable' });
  });

  test('rejects a factory that does not make a backend', async () => {
    await expect(runConformance((() => ({})) as unknown as BackendFactory)).rejects.toThrow('the factory did not return a backend');
    await expect(runConformance(() => { throw new Error('no compiler'); })).rejects.toThrow('no compiler');
  });
});
