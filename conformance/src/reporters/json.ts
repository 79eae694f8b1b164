/** The report as JSON: the ConformanceReport itself, any bigint written as a hex string. */
import { toEvidenceValue } from '../format.js';
import type { ConformanceReport } from '../types.js';

/** Any report as indented JSON, bigints (pointers) as hex addresses, ending in a newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? toEvidenceValue(v) : v), 2)}\n`;
}

export function json(report: ConformanceReport): string {
  return toJson(report);
}
