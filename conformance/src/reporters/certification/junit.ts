/**
 * Certification as JUnit XML, for CI: one testcase per contract, classname = the module's
 * kind, each failure carrying its findings with their evidence.
 */
import { basename } from 'node:path';
import type { CertificationResult } from '../../certify/classify.js';
import type { CertificationReport } from '../../certify/report.js';
import { junitDocument, testcaseXml } from '../xml.js';
import { reportFacts } from './facts.js';
import { findingLines } from './finding.js';

/** The failure's one-line message: the first finding, and how many more there are. */
function failureMessage(result: CertificationResult): string {
  const [first, ...more] = result.findings;
  const head = first?.message ?? result.reason ?? '';
  return more.length === 0 ? head : `${head} (and ${more.length} more)`;
}

/** The rule, then the findings of a failure or the reason for an error. */
function body(result: CertificationResult): string {
  const evidence = result.status === 'FAIL' ? result.findings.map((f) => findingLines(f).join('\n')) : [result.reason ?? ''];
  return [result.source, ...evidence].join('\n\n');
}

function testcase(result: CertificationResult, kind: string): string {
  const message = result.status === 'FAIL' ? failureMessage(result) : (result.reason ?? '');
  return testcaseXml({ name: result.id, classname: kind }, { status: result.status, message, body: body(result), errorType: 'CertificationError' });
}

export function junit(report: CertificationReport): string {
  const { total, failed, skipped, errored } = report.summary;
  const facts = Object.fromEntries(reportFacts(report).map((f) => [f.key, f.value]));
  return junitDocument({
    name: `ddikit certify ${basename(report.module.path)}`,
    tests: total,
    failures: failed,
    errors: errored,
    skipped,
    durationMs: report.durationMs,
    timestamp: report.startedAt,
    properties: { ...facts, certified: String(report.certified) },
    testcases: report.results.map((r) => testcase(r, report.module.kind)),
  });
}
