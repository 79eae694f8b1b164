/**
 * The C fixtures, compiled with the system compiler against the public headers and
 * certified on the native backend, each case in a child process: the conformant ones pass
 * everything, each buggy one fails exactly the contracts fixtures/manifest.json names, and
 * the TypeScript twins on sim reach the same verdict on every contract.
 */
import { createSimBackend } from '@ddikit/sim';
import { EXTENSION_CONTRACTS } from '@ddikit/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { certifyExtension, certifyModule, fixtureManifest, ihvExtensionFromTs, ndisHandlersFromTs, type CertificationReport } from '../../src/certify/index.js';
import { TS_IHV_FIXTURES } from '../../fixtures/ts/ihv.js';
import { TS_NDIS_FIXTURES } from '../../fixtures/ts/ndis.js';
import { compileAllFixtures } from './compiled-fixtures.js';
import { failedContracts } from './verdicts.js';

/** Short enough to keep the hang fixture quick, long enough for a loaded CI machine. */
const CASE_TIMEOUT_MS = 4000;

let libraries: Map<string, string>;
const reports = new Map<string, CertificationReport>();

async function certifyFixture(name: string): Promise<CertificationReport> {
  const cached = reports.get(name);
  if (cached) return cached;
  const report = await certifyModule(libraries.get(name)!, { caseTimeoutMs: CASE_TIMEOUT_MS });
  reports.set(name, report);
  return report;
}

beforeAll(() => {
  libraries = compileAllFixtures();
});

describe('C fixtures on the native backend', () => {
  it('break every extension contract between them, so each contract is shown to fail', () => {
    const broken = new Set(fixtureManifest().flatMap((f) => f.fails));
    expect(EXTENSION_CONTRACTS.filter((id) => !broken.has(id))).toEqual([]);
  });

  it.each(fixtureManifest().map((f) => [f.name, f] as const))('%s fails exactly its manifest contracts', async (name, fixture) => {
    const report = await certifyFixture(name);
    expect(report.module.kind).toBe(fixture.kind);
    expect(failedContracts(report)).toEqual([...fixture.fails].sort());
    expect(report.results.filter((r) => r.status === 'ERROR')).toEqual([]);
    expect(report.certified).toBe(fixture.fails.length === 0);
  }, 60_000);

  it('reports a crash against the handler and case it happened in, and runs the other cases', async () => {
    const report = await certifyFixture('ihv/crash');
    const crash = report.results.find((r) => r.id === 'ext.crash')!;
    expect(crash.findings).toEqual([
      expect.objectContaining({ case: 'ui-request', faultsInjected: false, evidence: expect.objectContaining({ code: 'SIGSEGV', brokenIn: 'Dot11ExtIhvQueryUIRequest' }) }),
    ]);
    expect(report.results.find((r) => r.id === 'ext.own.freed')!.status).toBe('PASS');
    expect(report.summary.casesWithFaults).toBeGreaterThan(0);
  }, 60_000);

  it('kills a hung case at the time limit and names the handler it was in', async () => {
    const report = await certifyFixture('ihv/hang');
    const hang = report.results.find((r) => r.id === 'ext.hang')!;
    expect(hang.findings).toEqual([expect.objectContaining({ case: 'custom-user-data', evidence: expect.objectContaining({ brokenIn: 'Dot11ExtIhvPerformPreAssociate' }) })]);
    expect(hang.findings[0]!.message).toContain(`within ${CASE_TIMEOUT_MS} ms`);
    expect(report.options.caseTimeoutMs).toBe(CASE_TIMEOUT_MS);
  }, 60_000);

  it('records what makes the report reproducible', async () => {
    const report = await certifyFixture('ihv/good');
    expect(report.module.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.backend).toEqual({ name: 'native', module: '@ddikit/native', export: 'createNativeBackend' });
    expect(report.seed).toBe(1);
    expect(report.suiteVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Date.parse(report.startedAt)).not.toBeNaN();
  }, 60_000);

  it('gives the evidence of a finding: address, size, order, allocating handler, stop code', async () => {
    const report = await certifyFixture('ihv/leak');
    expect(report.results.find((r) => r.id === 'ext.own.freed')!.findings[0]).toMatchObject({
      faultsInjected: false,
      evidence: { brokenIn: 'Dot11ExtIhvInitAdapter', size: expect.any(Number), order: expect.any(Number), allocatedBy: 'Dot11ExtIhvInitAdapter', code: '0xC4/0x62', appVerifierStop: 0x900 },
    });
  }, 60_000);
});

const verdicts = (report: CertificationReport) => report.results.map((r) => [r.id, r.status]);

describe('TypeScript twins on sim agree with their C fixtures on native', () => {
  it.each(Object.keys(TS_IHV_FIXTURES))('%s', async (name) => {
    const ts = await certifyExtension(createSimBackend, (be) => ihvExtensionFromTs(be, TS_IHV_FIXTURES[name]!), { kind: 'ihv' });
    expect(verdicts(ts)).toEqual(verdicts(await certifyFixture(name)));
  }, 60_000);

  it.each(Object.keys(TS_NDIS_FIXTURES))('%s', async (name) => {
    const ts = await certifyExtension(createSimBackend, (be) => ndisHandlersFromTs(be, TS_NDIS_FIXTURES[name]!), { kind: 'ndis' });
    expect(verdicts(ts)).toEqual(verdicts(await certifyFixture(name)));
  }, 60_000);
});
