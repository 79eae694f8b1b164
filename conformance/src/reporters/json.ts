/** The report as JSON: the ConformanceReport itself, any bigint written as a hex string. */
import { toEvidenceValue } from '../format.js';
import type { ConformanceReport } from '../types.js';

export function json(report: ConformanceReport): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'bigint' ? toEvidenceValue(value) : value), 2)}\n`;
}
