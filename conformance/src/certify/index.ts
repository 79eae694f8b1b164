/** Certification of vendor extensions against the extension contracts (SPEC section 3). */
export { certifyModule, DEFAULT_BACKEND, DEFAULT_CASE_TIMEOUT_MS, type CertifyModuleOptions } from './certify-module.js';
export { certifyExtension, type ExtensionFactory } from './certify-extension.js';
export { DEFAULT_SEED, type CertifyOptions, type CertificationProgress } from './certification.js';
export { CertificationInputError, type CertificationInputReason } from './input-error.js';
export { CERTIFICATION_SUITE_VERSION, type CertificationReport, type CertificationReportOptions } from './report.js';
export type { CertificationResult, Finding } from './classify.js';
export { contractsOfKind, extensionContracts, EXTENSION_KINDS, KIND_CONTRACTS, type ExtensionContract } from './extension-catalogue.js';
export type { FindingEvidence } from './observation.js';
export type { ExtensionKind } from './cases.js';
export type { BackendSpec } from './worker-protocol.js';
export { compileExtension, compileFixture, ensureExampleBuilt, fixtureManifest, fixturesDir, nativeIncludeDir, type FixtureEntry } from './compile-fixtures.js';
export { ihvExtensionFromTs, type IhvHandlerTable, type TsIhvDefinition, type TsIhvModule } from './ts/ihv-extension.js';
export { ndisHandlersFromTs, type TsNdisDefinition, type TsNdisModule } from './ts/ndis-handlers.js';
export { createDot11ExtApis, PROFILE_CUSTOM_USER_DATA, type Dot11ExtApis } from './ts/dot11ext-apis.js';
