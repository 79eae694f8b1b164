import { describe, expect, test } from 'vitest';
import { shouldColor } from '../src/reporters/color.js';
import { escapeXml } from '../src/reporters/junit.js';
import { reporters } from '../src/reporters/index.js';
import type { ConformanceReport } from '../src/types.js';
import { expectBalancedElements } from './xml-elements.js';

const report: ConformanceReport = {
  backend: 'demo',
  supports: { dot11ext: true, ndis: false, kernel: true, faultInjection: true, memoryLimit: true, guardBytes: true, poisoning: true, threads: false, nativeModules: false },
  suiteVersion: '9.9.9',
  seed: 5,
  memoryLimit: 1024,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1234,
  results: [
    { id: 'dot11ext.alloc.success', family: 'dot11ext', source: 'ERROR_SUCCESS and a pointer', status: 'PASS', evidence: [], assertions: 10, faultsInjected: false, durationMs: 3 },
    {
      id: 'dot11ext.free.double',
      family: 'dot11ext',
      source: 'a second free is reported',
      status: 'FAIL',
      reason: 'a second free: DOT11EXT_DOUBLE_FREE is recorded <& "quoted">',
      evidence: [{ message: 'a second free | piped', passed: false, details: { address: '0x0000000000001000', code: '0xC4/0x13', recorded: [{ size: 64 }] } }],
      assertions: 4,
      faultsInjected: true,
      durationMs: 2,
    },
    { id: 'ndis.retreat', family: 'ndis', source: 'Retreat/Advance', status: 'SKIP', reason: 'backend demo does not support ndis', evidence: [], assertions: 0, faultsInjected: false, durationMs: 0 },
    { id: 'kernel.pool.leak', family: 'kernel', source: 'pool leaks', status: 'ERROR', reason: 'the check threw Error: boom', evidence: [], assertions: 1, faultsInjected: false, durationMs: 1 },
  ],
  summary: { passed: 1, failed: 1, skipped: 1, errored: 1 },
};

describe('reporters', () => {
  test('json is the report itself, bigints as hex strings', () => {
    expect(JSON.parse(reporters.json(report))).toEqual(report);
    const withBigint = { ...report, results: [{ ...report.results[0]!, extra: 0x1000n }] } as unknown as ConformanceReport;
    expect(JSON.parse(reporters.json(withBigint)).results[0].extra).toBe('0x0000000000001000');
  });

  test('junit has one testcase per contract, classname = family, and the outcome elements', () => {
    const xml = reporters.junit(report);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('<testcase name="dot11ext.alloc.success" classname="dot11ext" time="0.003"/>');
    expect(xml).toContain('<failure message="a second free: DOT11EXT_DOUBLE_FREE is recorded &lt;&amp; &quot;quoted&quot;&gt;" type="ContractViolation">');
    expect(xml).toContain('<skipped message="backend demo does not support ndis"/>');
    expect(xml).toContain('<error message="the check threw Error: boom" type="CheckError">');
    expect(xml).toContain('<property name="backend" value="demo"/>');
    expect(xml).toContain('<property name="seed" value="5"/>');
    expect(xml).toMatch(/<testsuite name="ddikit conformance \(demo\)" tests="4" failures="1" errors="1" skipped="1"/);
    expectBalancedElements(xml);
  });

  test('escapeXml drops characters XML cannot hold', () => {
    expect(escapeXml('a\u0000b\u001bc<')).toBe('abc&lt;');
  });

  test('markdown has a row per contract and details for failures and errors', () => {
    const md = reporters.markdown(report);
    expect(md).toContain('# ddikit conformance: demo');
    expect(md).toContain('**1 passed, 1 failed, 1 skipped, 1 errored**');
    expect(md.split('\n').filter((line) => line.startsWith('| ') && line.includes('`'))).toHaveLength(4);
    expect(md).toContain('## FAIL: `dot11ext.free.double`');
    expect(md).toContain('## ERROR: `kernel.pool.leak`');
    expect(md).toContain('```text\na second free | piped\n  address: 0x0000000000001000');
    expect(md).toContain('| ❌ FAIL | `dot11ext.free.double` | dot11ext | a second free: DOT11EXT_DOUBLE_FREE is recorded &lt;&amp; "quoted"&gt; (faults injected) |');
    expect(md).toContain('(faults injected)');
  });

  test('pretty shows each result, the evidence of failures and the summary; colour only when asked', () => {
    const plain = reporters.pretty(report, { color: false });
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('FAIL  dot11ext.free.double');
    expect(plain).toContain('address: 0x0000000000001000');
    expect(plain).toContain('SKIP  ndis.retreat');
    expect(plain).toContain('backend demo does not support ndis');
    expect(plain).toContain('1 passed, 1 failed, 1 skipped, 1 errored');
    expect(reporters.pretty(report, { color: true })).toContain('\u001b[31m');
  });

  test('colour needs a TTY and NO_COLOR unset', () => {
    expect(shouldColor({ isTTY: true }, {})).toBe(true);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldColor({ isTTY: false }, {})).toBe(false);
    expect(shouldColor(undefined, {})).toBe(false);
  });
});
