import { describe, expect, test } from 'vitest';
import type { CertificationReport, CertificationResult, Finding } from '../src/index.js';
import { certificationReporters, contractsOfKind } from '../src/index.js';
import { expectBalancedElements } from './xml-elements.js';

const leak: Finding = {
  message: 'DOT11EXT_LEAK: 64 bytes <still> allocated at DeinitService & "never freed"',
  case: 'lifecycle',
  faultsInjected: false,
  evidence: { address: '0x00007f0012345000', size: 64, order: 3, allocatedBy: 'Dot11ExtIhvInitAdapter', brokenIn: 'Dot11ExtIhvDeinitAdapter', code: '0xC4/0x62', appVerifierStop: 0x900 },
};
const doubleFree: Finding = {
  message: 'DOT11EXT_DOUBLE_FREE: a second free of 0x00007f0012346000',
  case: 'connect (allocation 2 fails)',
  faultsInjected: true,
  evidence: { address: '0x00007f0012346000', size: 16, order: 7, allocatedBy: 'Dot11ExtIhvInitService', brokenIn: 'Dot11ExtIhvPerformPreAssociate', code: '0xC4/0x13' },
};

const results: CertificationResult[] = contractsOfKind('ihv').map(({ id, source }): CertificationResult => {
  if (id === 'ext.own.freed') return { id, source, status: 'FAIL', faultsInjected: false, findings: [leak] };
  if (id === 'ext.oom') return { id, source, status: 'FAIL', faultsInjected: true, findings: [doubleFree] };
  if (id === 'ext.hang') return { id, source, status: 'ERROR', reason: 'hang: the worker exited with code 3 </error>', faultsInjected: false, findings: [] };
  if (id === 'ext.no-call-after-deinit') return { id, source, status: 'SKIP', reason: 'no case ran far enough to check it', faultsInjected: false, findings: [] };
  return { id, source, status: 'PASS', faultsInjected: false, findings: [] };
});
const sourceOf = (id: string) => results.find((r) => r.id === id)!.source;

const report: CertificationReport = {
  module: { path: '/builds/vendor & co/<ihv>.so', sha256: 'ab'.repeat(32), kind: 'ihv' },
  ddikitVersion: '0.1.0',
  suiteVersion: '1.0.0',
  backend: { name: 'native', module: '@ddikit/native', export: 'createNativeBackend' },
  seed: 42,
  options: { faultSweep: true, faultProbability: 0.25, caseTimeoutMs: 5000 },
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 2500,
  results,
  summary: { total: 9, passed: 5, failed: 2, skipped: 1, errored: 1, cases: 41, casesWithFaults: 33 },
  certified: false,
};
const certified: CertificationReport = {
  ...report,
  results: results.map((r) => ({ id: r.id, source: r.source, status: 'PASS', faultsInjected: r.faultsInjected, findings: [] })),
  summary: { ...report.summary, passed: 9, failed: 0, skipped: 0, errored: 0 },
  certified: true,
};

/** Every piece of evidence a finding carries, as the text formats write it. */
const evidenceOf = (f: Finding) => [
  f.case,
  f.evidence.brokenIn!,
  f.evidence.address!,
  `${f.evidence.size} bytes`,
  `#${f.evidence.order}`,
  f.evidence.allocatedBy!,
  f.evidence.code,
];

describe('certification reporters', () => {
  test('json is the report itself', () => {
    expect(JSON.parse(certificationReporters.json(report))).toEqual(report);
  });

  test('json writes a bigint as a hex address', () => {
    const withPointer = { ...report, backend: { ...report.backend, base: 0x1000n } } as unknown as CertificationReport;
    expect(JSON.parse(certificationReporters.json(withPointer)).backend.base).toBe('0x0000000000001000');
  });

  test('pretty: the header says what was certified, then a line per contract, the findings of failures, the verdict', () => {
    const text = certificationReporters.pretty(report, { color: false });
    expect(text).not.toContain('\u001b[');
    const lines = text.split('\n');
    expect(lines[0]).toBe('ddikit certify /builds/vendor & co/<ihv>.so');
    for (const fact of ['ab'.repeat(32), 'ihv (IHV Extensions DLLs)', 'native (@ddikit/native createNativeBackend)', 'seed', '42', '0.1.0', '1.0.0', 'fault sweep, fault probability 0.25, case timeout 5000 ms'])
      expect(lines.slice(1, 10).join('\n')).toContain(fact);
    for (const r of results) expect(lines.filter((l) => l.startsWith(`  ${r.status.padEnd(5)} ${r.id}`) && /^( \[|:|$)/.test(l.slice(8 + r.id.length)))).toHaveLength(1);
    expect(text).toContain('  SKIP  ext.no-call-after-deinit: no case ran far enough to check it\n');
    expect(text).toContain('FAIL  ext.oom [faults injected]');
    expect(text).toContain(`- ${leak.message}\n`);
    expect(text).toContain(`- ${doubleFree.message} [fault injected]\n`);
    for (const f of [leak, doubleFree]) for (const piece of evidenceOf(f)) expect(text).toContain(piece);
    expect(text).toContain('AppVerifier stop: 0x900');
    expect(text).toContain(`  FAIL  ext.own.freed\n        ${sourceOf('ext.own.freed')}\n        - ${leak.message}\n`);
    expect(text).not.toContain(sourceOf('ext.init'));
    expect(text).toContain('hang: the worker exited with code 3');
    expect(text).toContain('5 passed, 2 failed, 1 skipped, 1 errored; 41 cases, 33 with injected faults, in 2.50 s');
    expect(lines.at(-2)).toBe('NOT CERTIFIED');
    expect(certificationReporters.pretty(certified, { color: false }).split('\n').at(-2)).toBe('CERTIFIED');
  });

  test('pretty colours only when asked', () => {
    const coloured = certificationReporters.pretty(report, { color: true });
    expect(coloured).toContain('\u001b[31mFAIL \u001b[39m');
    expect(coloured).toContain('NOT CERTIFIED');
  });

  test('junit: one testcase per contract, classname = kind, findings in the failure, run facts as properties; well-formed and escaped', () => {
    const xml = certificationReporters.junit(report);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(results.length);
    expect(xml.match(/classname="ihv"/g)).toHaveLength(results.length);
    expect(xml).toMatch(/<testsuite name="ddikit certify &lt;ihv&gt;\.so" tests="9" failures="2" errors="1" skipped="1" time="2\.500" timestamp="2026-01-01T00:00:00\.000Z">/);
    expect(xml).toContain('<testcase name="ext.init" classname="ihv"/>');
    expect(xml).toContain('<property name="module" value="/builds/vendor &amp; co/&lt;ihv&gt;.so"/>');
    expect(xml).toContain(`<property name="sha256" value="${'ab'.repeat(32)}"/>`);
    expect(xml).toContain('<property name="backend" value="native (@ddikit/native createNativeBackend)"/>');
    expect(xml).toContain('<property name="seed" value="42"/>');
    expect(xml).toContain('<property name="ddikitVersion" value="0.1.0"/>');
    expect(xml).toContain('<property name="suiteVersion" value="1.0.0"/>');
    expect(xml).toContain('<property name="certified" value="false"/>');
    expect(xml).toContain('<failure message="DOT11EXT_LEAK: 64 bytes &lt;still&gt; allocated at DeinitService &amp; &quot;never freed&quot;" type="ContractViolation">');
    expect(xml).toContain('<error message="hang: the worker exited with code 3 &lt;/error&gt;" type="CertificationError">');
    expect(xml).toContain('<skipped message="no case ran far enough to check it"/>');
    const failure = /<testcase name="ext.oom"[^>]*>\s*<failure[^>]*>([^<]*)<\/failure>/.exec(xml)![1]!;
    for (const piece of evidenceOf(doubleFree)) expect(failure).toContain(piece);
    expect(failure).toContain('[fault injected]');
    expect(failure.startsWith(`${sourceOf('ext.oom')}\n\n`)).toBe(true);
    // Only the escapes and elements written on purpose: no raw < or & in text or attributes.
    expect(xml.replace(/<\/?[a-z]+(\s+[a-zA-Z0-9]+="[^"<&]*(&(amp|lt|gt|quot|apos);[^"<&]*)*")*\s*\/?>/g, '').replace(/<\?xml[^>]*\?>/, '')).not.toMatch(/<|&(?!(amp|lt|gt|quot|apos);)/);
    expectBalancedElements(xml);
  });

  test('markdown: verdict, the run facts, a row per contract and a section with the evidence of each failure', () => {
    const md = certificationReporters.markdown(report);
    expect(md).toContain('# ddikit certification: /builds/vendor &amp; co/&lt;ihv&gt;.so');
    expect(md).toContain('**NOT CERTIFIED**: 5 passed, 2 failed, 1 skipped, 1 errored; 41 cases, 33 with injected faults, in 2.50 s');
    expect(md).toContain(`| SHA-256 | ${'ab'.repeat(32)} |`);
    expect(md).toContain('| seed | 42 |');
    expect(md.split('\n').filter((line) => /^\| \S+ \S+ \| `/.test(line))).toHaveLength(results.length);
    expect(md).toContain('| ❌ FAIL | `ext.oom` | 1 finding (faults injected) |');
    expect(md).toContain('| 💥 ERROR | `ext.hang` | hang: the worker exited with code 3 &lt;/error&gt; |');
    expect(md).toContain('## FAIL: `ext.own.freed`');
    expect(md).toContain('## ERROR: `ext.hang`');
    const section = md.slice(md.indexOf('## FAIL: `ext.own.freed`'), md.indexOf('## FAIL: `ext.oom`'));
    expect(section).toContain(`## FAIL: \`ext.own.freed\`\n\n> ${sourceOf('ext.own.freed')}\n`);
    expect(section).toContain('```text\n' + leak.message + '\n  case: lifecycle\n');
    for (const piece of evidenceOf(leak)) expect(section).toContain(piece);
    expect(section).toContain('AppVerifier stop: 0x900');
    expect(certificationReporters.markdown(certified)).toContain('**CERTIFIED**');
  });

  test('a report of an extension given as code says it has no file hash', () => {
    const fromCode = { ...report, module: { ...report.module, sha256: null } };
    expect(certificationReporters.pretty(fromCode, { color: false })).toContain('none (certified from code)');
    expect(JSON.parse(certificationReporters.json(fromCode)).module.sha256).toBeNull();
  });
});
