/** A Markdown report for pull requests and certification records. */
import { evidenceLines, formatDuration, summaryLine } from '../format.js';
import type { ConformanceReport } from '../types.js';
import { cell, statusMark } from './markdown-text.js';

export function markdown(report: ConformanceReport): string {
  const lines = [
    `# ddikit conformance: ${report.backend}`,
    '',
    `**${summaryLine(report.summary)}** in ${formatDuration(report.durationMs)}`,
    '',
    '| backend | suite version | seed | memory limit | started |',
    '| --- | --- | --- | --- | --- |',
    `| ${cell(report.backend)} | ${report.suiteVersion} | ${report.seed} | ${report.memoryLimit ?? 'default'} | ${report.startedAt} |`,
    '',
    '| status | contract | family | note | time |',
    '| --- | --- | --- | --- | --- |',
    ...report.results.map((r) => `| ${statusMark[r.status]} | \`${r.id}\` | ${r.family} | ${cell(r.reason ?? '')}${r.faultsInjected ? ' (faults injected)' : ''} | ${formatDuration(r.durationMs)} |`),
  ];
  const unhappy = report.results.filter((r) => r.status === 'FAIL' || r.status === 'ERROR');
  for (const r of unhappy) {
    lines.push('', `## ${r.status}: \`${r.id}\``, '', `> ${cell(r.source)}`, '', cell(r.reason ?? ''));
    if (r.evidence.length > 0) lines.push('', '```text', ...r.evidence.flatMap(evidenceLines), '```');
  }
  return `${lines.join('\n')}\n`;
}
