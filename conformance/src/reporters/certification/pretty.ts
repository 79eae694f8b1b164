/** The terminal certification report: what was certified, a line per contract, the evidence of each failure, the verdict. */
import type { CertificationReport } from '../../certify/report.js';
import type { CertificationResult } from '../../certify/classify.js';
import { formatDuration, summaryLine } from '../../format.js';
import { palette, shouldColor, statusColor, type Palette } from '../color.js';
import type { PrettyOptions } from '../pretty.js';
import { casesLine, reportFacts, verdict } from './facts.js';
import { findingLines } from './finding.js';

function resultLines(result: CertificationResult, p: Palette): string[] {
  const status = p[statusColor[result.status]](result.status.padEnd(5));
  const faults = result.faultsInjected ? p.dim(' [faults injected]') : '';
  // Why a contract was skipped fits on its line; why one errored is worth a line of its own.
  const skipped = result.status === 'SKIP' && result.reason ? p.dim(`: ${result.reason}`) : '';
  const lines = [`  ${status} ${result.id}${faults}${skipped}`];
  // The broken rule, dimmed, over the evidence: the evidence is what a reader acts on.
  if (result.status === 'FAIL') lines.push(`        ${p.dim(result.source)}`);
  if (result.status === 'ERROR' && result.reason) lines.push(`        ${result.reason}`);
  for (const finding of result.findings) lines.push(...findingLines(finding).map((line, i) => (i === 0 ? `        - ${line}` : `        ${p.dim(line)}`)));
  return lines;
}

export function pretty(report: CertificationReport, options: PrettyOptions = {}): string {
  const p = palette(options.color ?? shouldColor(process.stdout));
  const facts = reportFacts(report);
  const width = Math.max(...facts.map((f) => f.label.length));
  const summary = `${summaryLine(report.summary)}; ${casesLine(report.summary)}`;
  return [
    `ddikit certify ${p.bold(report.module.path)}`,
    ...facts.slice(1).map((f) => `  ${p.dim(f.label.padEnd(width))}  ${f.value}`),
    '',
    ...report.results.flatMap((r) => resultLines(r, p)),
    '',
    `${summary}, ${p.dim(`in ${formatDuration(report.durationMs)}`)}`,
    report.certified ? p.green(p.bold(verdict(report))) : p.red(p.bold(verdict(report))),
    '',
  ].join('\n');
}
