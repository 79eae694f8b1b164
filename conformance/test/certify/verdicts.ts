import type { CertificationReport } from '../../src/certify/index.js';

/** The contracts a report FAILs, sorted, for comparing with a manifest entry. */
export function failedContracts(report: CertificationReport): string[] {
  return report.results
    .filter((r) => r.status === 'FAIL')
    .map((r) => r.id)
    .sort();
}
