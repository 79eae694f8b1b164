/** The certification report as JSON: the report itself, for scripts and archives. */
import type { CertificationReport } from '../../certify/report.js';
import { toJson } from '../json.js';

export function json(report: CertificationReport): string {
  return toJson(report);
}
