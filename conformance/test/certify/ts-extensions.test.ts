/**
 * TypeScript extensions certified in-process on sim: the conformant ones pass everything,
 * each buggy one fails exactly the contracts its C twin must fail (fixtures/manifest.json).
 */
import { createSimBackend } from '@ddikit/sim';
import { describe, expect, it } from 'vitest';
import { certifyExtension, fixtureManifest, KIND_CONTRACTS, ihvExtensionFromTs, ndisHandlersFromTs, type CertificationProgress, type CertificationReport } from '../../src/certify/index.js';
import { TS_IHV_FIXTURES, TS_IHV_LAYOUTS, TS_IHV_LEAKS_TWO_BLOCKS, TS_IHV_NO_DISCOVERY_HANDLER, TS_IHV_NO_HANDLERS } from '../../fixtures/ts/ihv.js';
import { TS_NDIS_FIXTURES } from '../../fixtures/ts/ndis.js';
import { failedContracts } from './verdicts.js';

const manifest = fixtureManifest();
const expectedFor = (name: string) => manifest.find((f) => f.name === name)!.fails;

describe('TypeScript IHV extensions on sim', () => {
  it.each(Object.entries(TS_IHV_FIXTURES))('%s fails exactly its manifest contracts', async (name, definition) => {
    const report = await certifyExtension(createSimBackend, (be) => ihvExtensionFromTs(be, definition), { kind: 'ihv' });
    expect(failedContracts(report)).toEqual([...expectedFor(name)].sort());
    expect(report.results.filter((r) => r.status === 'ERROR')).toEqual([]);
    expect(report.certified).toBe(expectedFor(name).length === 0);
  });
});

describe('layouts of returned buffers', () => {
  it.each(Object.entries(TS_IHV_LAYOUTS))('%s is judged by what the OS can free', async (_name, { definition, fails }) => {
    const report = await certifyExtension(createSimBackend, (be) => ihvExtensionFromTs(be, definition), { kind: 'ihv' });
    expect(failedContracts(report)).toEqual(fails);
    expect(report.certified).toBe(fails.length === 0);
  });
});

describe('TypeScript NDIS handler pairs on sim', () => {
  it.each(Object.entries(TS_NDIS_FIXTURES))('%s fails exactly its manifest contracts', async (name, definition) => {
    const report = await certifyExtension(createSimBackend, (be) => ndisHandlersFromTs(be, definition), { kind: 'ndis' });
    expect(failedContracts(report)).toEqual([...expectedFor(name)].sort());
    expect(report.results.filter((r) => r.status === 'ERROR')).toEqual([]);
    expect(report.certified).toBe(expectedFor(name).length === 0);
  });
});

describe('the report of an in-process certification', () => {
  it('says what ran, with the fault sweep and the evidence of each finding', async () => {
    const report: CertificationReport = await certifyExtension(createSimBackend, (be) => ihvExtensionFromTs(be, TS_IHV_FIXTURES['ihv/partial-leak-on-error']!), { seed: 7 });
    expect(report.module).toEqual({ path: 'ts:ihv/partial-leak-on-error', sha256: null, kind: 'ihv' });
    expect(report.backend.name).toBe('sim');
    expect(report.seed).toBe(7);
    // An IHV extension is judged by the IHV contracts alone, in catalogue order.
    expect(report.results.map((r) => r.id)).toEqual(KIND_CONTRACTS.ihv.all);
    expect(report.summary.casesWithFaults).toBeGreaterThan(0);
    const oom = report.results.find((r) => r.id === 'ext.oom')!;
    expect(oom.faultsInjected).toBe(true);
    expect(report.results.find((r) => r.id === 'ext.own.freed')!.faultsInjected).toBe(false);
    expect(oom.findings[0]).toMatchObject({
      faultsInjected: true,
      evidence: { code: '0xC4/0x62', appVerifierStop: 0x900, allocatedBy: 'Dot11ExtIhvCreateDiscoveryProfiles', brokenIn: 'Dot11ExtIhvCreateDiscoveryProfiles' },
    });
    expect(oom.findings[0]!.case).toMatch(/^discovery-profiles \(allocation \d+ fails\)$/);
    expect(oom.findings[0]!.evidence.address).toMatch(/^0x[0-9a-f]{16}$/);
  });

  it('keeps distinct blocks leaked by one handler as distinct findings, each once', async () => {
    const report = await certifyExtension(createSimBackend, (be) => ihvExtensionFromTs(be, TS_IHV_LEAKS_TWO_BLOCKS), { kind: 'ihv' });
    expect(failedContracts(report)).toEqual(['ext.own.freed']);
    const leaks = report.results.find((r) => r.id === 'ext.own.freed')!.findings;
    expect(leaks.map((f) => [f.evidence.size, f.evidence.allocatedBy]).sort()).toEqual([
      [24, 'Dot11ExtIhvInitAdapter'],
      [8, 'Dot11ExtIhvInitAdapter'],
    ]);
  });

  it('fails ext.init for a NULL handler and still checks everything the other handlers reach', async () => {
    const report = await certifyExtension(createSimBackend, (be) => ihvExtensionFromTs(be, TS_IHV_NO_DISCOVERY_HANDLER), { kind: 'ihv' });
    expect(failedContracts(report)).toEqual(['ext.init']);
    expect(report.results.filter((r) => r.status !== 'PASS' && r.status !== 'FAIL')).toEqual([]);
    const init = report.results.find((r) => r.id === 'ext.init')!;
    expect(init.findings.map((f) => f.message)).toEqual(['Dot11ExtIhvInitService left Dot11ExtIhvCreateDiscoveryProfiles NULL']);
  });

  it('does not pass a contract no case could reach: with every handler NULL they are skipped, saying why', async () => {
    const report = await certifyExtension(createSimBackend, (be) => ihvExtensionFromTs(be, TS_IHV_NO_HANDLERS), { kind: 'ihv' });
    // With DeinitService NULL, what InitService allocated can never be freed: a leak as well.
    expect(failedContracts(report)).toEqual(['ext.init', 'ext.own.freed']);
    expect(report.certified).toBe(false);
    for (const id of ['ext.return.allocated', 'ext.return.untouched'] as const) {
      const result = report.results.find((r) => r.id === id)!;
      expect(result.status).toBe('SKIP');
      expect(result.reason).toContain('Dot11ExtIhvInitService left Dot11ExtIhvDeinitService, Dot11ExtIhvInitAdapter, Dot11ExtIhvDeinitAdapter');
    }
  });

  it('skips the OOM contract, and does not certify, when the fault sweep is off', async () => {
    const report = await certifyExtension(createSimBackend, (be) => ihvExtensionFromTs(be, TS_IHV_FIXTURES['ihv/good']!), { faultSweep: false });
    expect(report.results.find((r) => r.id === 'ext.oom')).toMatchObject({ status: 'SKIP', reason: 'the fault sweep was turned off' });
    expect(report.summary.casesWithFaults).toBe(0);
    expect(report.certified).toBe(false);
  });

  it('reports progress: every case starts, enters handlers in the OS order, and ends', async () => {
    const events: CertificationProgress[] = [];
    await certifyExtension(createSimBackend, (be) => ihvExtensionFromTs(be, TS_IHV_FIXTURES['ihv/good']!), { faultSweep: false, onProgress: (e) => events.push(e) });
    const handlersOf = (name: string) => events.flatMap((e) => (e.type === 'handler' && e.case === name ? [e.handler] : []));
    expect(handlersOf('ui-request')).toEqual([
      'module load',
      'Dot11ExtIhvGetVersionInfo',
      'Dot11ExtIhvInitService',
      'Dot11ExtIhvInitAdapter',
      'Dot11ExtIhvQueryUIRequest',
      'Dot11ExtIhvDeinitAdapter',
      'Dot11ExtIhvDeinitService',
      'module unload',
    ]);
    const ended = events.filter((e) => e.type === 'case-end');
    expect(ended.map((e) => e.case).sort()).toEqual(['custom-user-data', 'discovery-profiles', 'init-bad-version', 'ui-request']);
    expect(ended.every((e) => e.type === 'case-end' && e.outcome === 'completed')).toBe(true);
  });

  it('adds randomized fault runs with a probability, seeded from the seed', async () => {
    const report = await certifyExtension(createSimBackend, (be) => ihvExtensionFromTs(be, TS_IHV_FIXTURES['ihv/success-with-null-list']!), {
      faultSweep: false,
      faultProbability: 0.5,
      seed: 3,
    });
    expect(report.options).toMatchObject({ faultSweep: false, faultProbability: 0.5 });
    expect(report.summary.casesWithFaults).toBeGreaterThan(0);
    expect(report.results.find((r) => r.id === 'ext.oom')!.status).not.toBe('SKIP');
  });
});
