/**
 * What a certification report says about its run, in the order every format shows it:
 * enough to know what was certified and to run the same certification again.
 */
import { KIND_CONTRACTS } from '../../certify/extension-catalogue.js';
import type { CertificationReport } from '../../certify/report.js';

export interface Fact {
  /** The JUnit property name. */
  key: string;
  /** How a person reads it. */
  label: string;
  value: string;
}

function backendText({ name, module, export: exported }: CertificationReport['backend']): string {
  if (module === undefined) return name;
  return `${name} (${module}${exported === undefined ? '' : ` ${exported}`})`;
}

function optionsText(options: CertificationReport['options']): string {
  const parts = [options.faultSweep ? 'fault sweep' : 'no fault sweep'];
  if (options.faultProbability !== undefined) parts.push(`fault probability ${options.faultProbability}`);
  if (options.caseTimeoutMs !== undefined) parts.push(`case timeout ${options.caseTimeoutMs} ms`);
  if (options.allocateSymbol !== undefined) parts.push(`allocate ${options.allocateSymbol}`);
  if (options.freeSymbol !== undefined) parts.push(`free ${options.freeSymbol}`);
  return parts.join(', ');
}

export function reportFacts(report: CertificationReport): Fact[] {
  const { module } = report;
  return [
    { key: 'module', label: 'module', value: module.path },
    // An extension given as code has no file to hash.
    { key: 'sha256', label: 'SHA-256', value: module.sha256 ?? 'none (certified from code)' },
    { key: 'kind', label: 'kind', value: `${module.kind} (${KIND_CONTRACTS[module.kind].label})` },
    { key: 'backend', label: 'backend', value: backendText(report.backend) },
    { key: 'seed', label: 'seed', value: String(report.seed) },
    { key: 'ddikitVersion', label: 'ddikit version', value: report.ddikitVersion },
    { key: 'suiteVersion', label: 'suite version', value: report.suiteVersion },
    { key: 'options', label: 'options', value: optionsText(report.options) },
    { key: 'startedAt', label: 'started', value: report.startedAt },
  ];
}

/** The verdict in the words every format uses. */
export const verdict = (report: CertificationReport) => (report.certified ? 'CERTIFIED' : 'NOT CERTIFIED');

/** "41 cases, 33 with injected faults" */
export function casesLine(summary: CertificationReport['summary']): string {
  return `${summary.cases} cases, ${summary.casesWithFaults} with injected faults`;
}
