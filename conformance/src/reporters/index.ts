/** The reporters by name: each turns a ConformanceReport into the text of its format. */
import type { ConformanceReport } from '../types.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { pretty, type PrettyOptions } from './pretty.js';

export type ReporterOptions = PrettyOptions;
export type Reporter = (report: ConformanceReport, options?: ReporterOptions) => string;

export const reporters = { pretty, json, junit, markdown } as const satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof reporters;

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}

export { shouldColor } from './color.js';
