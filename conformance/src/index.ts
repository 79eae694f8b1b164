export { backendContracts, globToRegExp, selectContracts, UnknownContractError } from './catalogue.js';
export { runConformance, runContract, profileBackend, summarize, type BackendProfile, type ContractRunSettings } from './runner.js';
export { reporters, isReporterName, shouldColor, type Reporter, type ReporterName, type ReporterOptions } from './reporters/index.js';
export { certificationReporters, certificationVerdict, type CertificationReporter } from './reporters/certification/index.js';
export { hexAddress, hexCode, formatDuration, summaryLine, evidenceLines, violationEvidence } from './format.js';
export { SUITE_VERSION } from './version.js';
export type * from './types.js';

export * from './certify/index.js';
