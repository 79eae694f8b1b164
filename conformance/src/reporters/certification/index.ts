/**
 * The certification reporters by name. They take the same names as the backend suite's,
 * so `--reporter` means the same thing to every command.
 */
import type { CertificationReport } from '../../certify/report.js';
import type { ReporterName, ReporterOptions } from '../index.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { pretty } from './pretty.js';

export type CertificationReporter = (report: CertificationReport, options?: ReporterOptions) => string;

export { verdict as certificationVerdict } from './facts.js';

export const certificationReporters: Record<ReporterName, CertificationReporter> = { pretty, json, junit, markdown };
