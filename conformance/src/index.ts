export { backendContracts, globToRegExp, selectContracts, UnknownContractError } from './catalogue.js';
export { runConformance, runContract, profileBackend, summarize, type BackendProfile, type ContractRunSettings } from './runner.js';
export { reporters, isReporterName, shouldColor, type Reporter, type ReporterName, type ReporterOptions } from './reporters/index.js';
export { certificationReporters, certificationVerdict, type CertificationReporter } from './reporters/certification/index.js';
export { hexAddress, hexCode, formatDuration, summaryLine, evidenceLines, violationEvidence } from './format.js';
export { SUITE_VERSION } from './version.js';
export type * from './types.js';

export * from './certify/index.js';
export { KIND_CONTRACTS } from './certify/contracts-by-kind.js';
export { DEFAULT_SEED } from './certify/certification.js';
// Certification names two things as the backend suite does; the plain names stay the suite's
// (they were public first), certification's are exported under names of their own.
export type { ContractResult, ContractStatus } from './types.js';
export type { ContractResult as CertificationContractResult } from './certify/index.js';
export { SUITE_VERSION as CERTIFICATION_SUITE_VERSION } from './certify/index.js';
