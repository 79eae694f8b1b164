/** JUnit XML, as CI systems read it: one testcase per contract, classname = family. */
import { evidenceLines } from '../format.js';
import type { ConformanceReport, ContractResult } from '../types.js';
import { escapeXml, junitDocument, seconds, testcaseXml } from './xml.js';

// The XML helpers lived here first; importers of escapeXml from this module keep working.
export { escapeXml };

function testcase(result: ContractResult): string {
  return testcaseXml(
    { name: result.id, classname: result.family, time: seconds(result.durationMs) },
    {
      status: result.status,
      message: result.reason ?? '',
      body: [result.source, '', ...result.evidence.flatMap(evidenceLines)].join('\n'),
      errorType: 'CheckError',
    },
  );
}

export function junit(report: ConformanceReport): string {
  const { passed, failed, skipped, errored } = report.summary;
  return junitDocument({
    name: `ddikit conformance (${report.backend})`,
    tests: passed + failed + skipped + errored,
    failures: failed,
    errors: errored,
    skipped,
    durationMs: report.durationMs,
    timestamp: report.startedAt,
    properties: { backend: report.backend, seed: report.seed, suiteVersion: report.suiteVersion, memoryLimit: report.memoryLimit },
    testcases: report.results.map(testcase),
  });
}
