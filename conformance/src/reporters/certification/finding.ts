/**
 * A finding as text, the same in the terminal, in JUnit and in Markdown: the broken rule,
 * then the evidence a driver engineer needs to find the bug without running anything.
 */
import type { Finding } from '../../certify/classify.js';
import { appVerifierStopCode } from '../../format.js';

/** The evidence as label/value pairs, leaving out what the finding does not know. */
export function findingDetails(finding: Finding): Array<[string, string]> {
  const e = finding.evidence;
  const details: Array<[string, string | undefined]> = [
    ['case', finding.case],
    ['broken in', e.brokenIn],
    ['address', e.address],
    ['size', e.size === undefined ? undefined : `${e.size} bytes`],
    ['allocation order', e.order === undefined ? undefined : `#${e.order}`],
    ['allocated by', e.allocatedBy],
    ['code', e.code],
    ['AppVerifier stop', e.appVerifierStop === undefined ? undefined : appVerifierStopCode(e.appVerifierStop)],
  ];
  return details.filter((d): d is [string, string] => d[1] !== undefined);
}

/** The message (marked when an allocation was made to fail in its case), then `label: value` lines. */
export function findingLines(finding: Finding): string[] {
  return [`${finding.message}${finding.faultsInjected ? ' [fault injected]' : ''}`, ...findingDetails(finding).map(([label, value]) => `  ${label}: ${value}`)];
}
