/** The terminal report: one line per contract, evidence under each failure, a summary. */
import { evidenceLines, formatDuration, summaryLine } from '../format.js';
import type { ConformanceReport, ContractResult } from '../types.js';
import { palette, shouldColor, statusColor, type Palette } from './color.js';

export interface PrettyOptions {
  /** Default: colour when stdout is a TTY and NO_COLOR is unset. */
  color?: boolean;
}

function resultLines(result: ContractResult, p: Palette): string[] {
  const status = p[statusColor[result.status]](result.status.padEnd(5));
  const faults = result.faultsInjected ? p.dim(' [faults injected]') : '';
  const lines = [`  ${status} ${result.id} ${p.dim(`(${formatDuration(result.durationMs)})`)}${faults}`];
  if (result.reason && result.status !== 'PASS') lines.push(`        ${result.reason}`);
  if (result.status === 'FAIL') {
    for (const item of result.evidence) lines.push(...evidenceLines(item).map((line, i) => `        ${i === 0 ? '- ' : '  '}${i === 0 ? line : p.dim(line)}`));
  }
  return lines;
}

export function pretty(report: ConformanceReport, options: PrettyOptions = {}): string {
  const p = palette(options.color ?? shouldColor(process.stdout));
  const header = `ddikit conformance ${report.suiteVersion}: backend ${p.bold(report.backend)}, seed ${report.seed}${report.memoryLimit === undefined ? '' : `, memory limit ${report.memoryLimit} bytes`}`;
  const lines = [header, ''];
  let family: string | undefined;
  for (const result of report.results) {
    if (result.family !== family) {
      family = result.family;
      lines.push(p.bold(family));
    }
    lines.push(...resultLines(result, p));
  }
  const { failed, errored } = report.summary;
  const summary = summaryLine(report.summary);
  lines.push('', `${failed + errored > 0 ? p.red(summary) : p.green(summary)} ${p.dim(`in ${formatDuration(report.durationMs)}`)}`);
  return `${lines.join('\n')}\n`;
}
