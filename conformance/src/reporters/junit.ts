/** JUnit XML, as CI systems read it: one testcase per contract, classname = family. */
import { evidenceLines } from '../format.js';
import type { ConformanceReport, ContractResult } from '../types.js';
import { attributes, escapeXml, propertiesLines, seconds, testcaseXml } from './xml.js';

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
  const counts = { tests: passed + failed + skipped + errored, failures: failed, errors: errored, skipped, time: seconds(report.durationMs) };
  const name = `ddikit conformance (${report.backend})`;
  const properties = {
    backend: report.backend,
    seed: report.seed,
    suiteVersion: report.suiteVersion,
    memoryLimit: report.memoryLimit,
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attributes({ name, ...counts })}>`,
    `  <testsuite ${attributes({ name, ...counts, timestamp: report.startedAt })}>`,
    ...propertiesLines(properties, '    '),
    ...report.results.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
