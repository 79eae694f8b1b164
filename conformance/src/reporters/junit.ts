/** JUnit XML, as CI systems read it: one testcase per contract, classname = family. */
import { evidenceLines } from '../format.js';
import type { ConformanceReport, ContractResult } from '../types.js';

/** Escapes text for an XML attribute or element, and drops characters XML 1.0 cannot hold. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const attributes = (attrs: Record<string, string | number>) =>
  Object.entries(attrs)
    .map(([name, value]) => `${name}="${escapeXml(String(value))}"`)
    .join(' ');

function testcase(result: ContractResult): string {
  const open = `    <testcase ${attributes({ name: result.id, classname: result.family, time: seconds(result.durationMs) })}`;
  const reason = result.reason ?? '';
  const body = escapeXml([result.source, '', ...result.evidence.flatMap(evidenceLines)].join('\n'));
  switch (result.status) {
    case 'PASS':
      return `${open}/>`;
    case 'SKIP':
      return `${open}>\n      <skipped ${attributes({ message: reason })}/>\n    </testcase>`;
    case 'FAIL':
      return `${open}>\n      <failure ${attributes({ message: reason, type: 'ContractViolation' })}>${body}</failure>\n    </testcase>`;
    case 'ERROR':
      return `${open}>\n      <error ${attributes({ message: reason, type: 'CheckError' })}>${body}</error>\n    </testcase>`;
  }
}

export function junit(report: ConformanceReport): string {
  const { passed, failed, skipped, errored } = report.summary;
  const counts = { tests: passed + failed + skipped + errored, failures: failed, errors: errored, skipped, time: seconds(report.durationMs) };
  const name = `ddikit conformance (${report.backend})`;
  const properties: Record<string, string | number | undefined> = {
    backend: report.backend,
    seed: report.seed,
    suiteVersion: report.suiteVersion,
    memoryLimit: report.memoryLimit,
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attributes({ name, ...counts })}>`,
    `  <testsuite ${attributes({ name, ...counts, timestamp: report.startedAt })}>`,
    '    <properties>',
    ...Object.entries(properties)
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([key, value]) => `      <property ${attributes({ name: key, value })}/>`),
    '    </properties>',
    ...report.results.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
