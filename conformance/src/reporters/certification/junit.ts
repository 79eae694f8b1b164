/**
 * Certification as JUnit XML, for CI: one testcase per contract, classname = the module's
 * kind, each failure carrying its findings with their evidence.
 */
import { basename } from 'node:path';
import type { CertificationResult } from '../../certify/classify.js';
import type { CertificationReport } from '../../certify/report.js';
import { attributes, escapeXml, propertiesLines, seconds } from '../xml.js';
import { reportFacts } from './facts.js';
import { findingLines } from './finding.js';

/** The failure's one-line message: the first finding, and how many more there are. */
function failureMessage(result: CertificationResult): string {
  const [first, ...more] = result.findings;
  const head = first?.message ?? result.reason ?? '';
  return more.length === 0 ? head : `${head} (and ${more.length} more)`;
}

function testcase(result: CertificationResult, kind: string): string {
  const open = `    <testcase ${attributes({ name: result.id, classname: kind })}`;
  switch (result.status) {
    case 'PASS':
      return `${open}/>`;
    case 'SKIP':
      return `${open}>\n      <skipped ${attributes({ message: result.reason ?? '' })}/>\n    </testcase>`;
    case 'FAIL': {
      const body = escapeXml(result.findings.map((f) => findingLines(f).join('\n')).join('\n\n'));
      return `${open}>\n      <failure ${attributes({ message: failureMessage(result), type: 'ContractViolation' })}>${body}</failure>\n    </testcase>`;
    }
    case 'ERROR':
      return `${open}>\n      <error ${attributes({ message: result.reason ?? '', type: 'CertificationError' })}>${escapeXml(result.reason ?? '')}</error>\n    </testcase>`;
  }
}

export function junit(report: CertificationReport): string {
  const { total, failed, skipped, errored } = report.summary;
  const counts = { tests: total, failures: failed, errors: errored, skipped, time: seconds(report.durationMs) };
  const name = `ddikit certify ${basename(report.module.path)}`;
  const properties = Object.fromEntries(reportFacts(report).map((f) => [f.key, f.value]));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attributes({ name, ...counts })}>`,
    `  <testsuite ${attributes({ name, ...counts, timestamp: report.startedAt })}>`,
    ...propertiesLines({ ...properties, certified: String(report.certified) }, '    '),
    ...report.results.map((r) => testcase(r, report.module.kind)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
