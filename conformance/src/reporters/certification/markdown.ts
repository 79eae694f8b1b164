/**
 * Certification as Markdown, for a bug report or a certification record: what was
 * certified, the verdict per contract, and each failure with its evidence.
 */
import type { CertificationResult } from '../../certify/classify.js';
import type { CertificationReport } from '../../certify/report.js';
import { formatDuration, summaryLine } from '../../format.js';
import { cell, statusMark } from '../markdown-text.js';
import { casesLine, reportFacts, verdict } from './facts.js';
import { findingLines } from './finding.js';

function note(result: CertificationResult): string {
  const count = result.findings.length;
  const text = result.reason ?? (count > 0 ? `${count} finding${count === 1 ? '' : 's'}` : '');
  return `${cell(text)}${result.faultsInjected ? ' (faults injected)' : ''}`;
}

function failureSection(result: CertificationResult): string[] {
  const lines = ['', `## ${result.status}: \`${result.id}\``, '', `> ${cell(result.source)}`];
  if (result.reason) lines.push('', cell(result.reason));
  // Findings go in a code block: addresses and handler names stay as written, and nothing in them is read as Markdown.
  if (result.findings.length > 0) lines.push('', '```text', ...result.findings.flatMap((f, i) => [...(i > 0 ? [''] : []), ...findingLines(f)]), '```');
  return lines;
}

export function markdown(report: CertificationReport): string {
  const lines = [
    `# ddikit certification: ${cell(report.module.path)}`,
    '',
    `**${verdict(report)}**: ${summaryLine(report.summary)}; ${casesLine(report.summary)}, in ${formatDuration(report.durationMs)}`,
    '',
    '| | |',
    '| --- | --- |',
    ...reportFacts(report).map((f) => `| ${f.label} | ${cell(f.value)} |`),
    '',
    '| status | contract | note |',
    '| --- | --- | --- |',
    ...report.results.map((r) => `| ${statusMark[r.status]} | \`${r.id}\` | ${note(r)} |`),
    ...report.results.filter((r) => r.status === 'FAIL' || r.status === 'ERROR').flatMap(failureSection),
  ];
  return `${lines.join('\n')}\n`;
}
