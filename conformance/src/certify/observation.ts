/**
 * What a case saw: one broken rule, in a form that crosses the process boundary as JSON
 * (pointers as hex strings), so the worker and the in-process runner report alike.
 */
import type { ExtensionContractId } from '@ddikit/types';

/** Evidence a driver engineer can act on from the report alone. */
export interface FindingEvidence {
  /** The block or pointer involved, as 0x-prefixed hex. */
  address?: string;
  size?: number;
  /** The block's allocation order on the backend. */
  order?: number;
  /** The handler that allocated the block. */
  allocatedBy?: string;
  /** The handler that broke the rule, when one did. */
  brokenIn?: string;
  /** The Windows stop code ('0xC4/0x13'), or 'ddikit rule' where Windows has none. */
  code: string;
  appVerifierStop?: number;
}

export interface Observation {
  /** The contract this breaks in a run without injected faults. */
  contract: ExtensionContractId;
  /** What exactly broke: a backend violation kind (TRANSFER_NOT_ALLOCATED) or a scenario check (discovery.null-array). */
  rule: string;
  message: string;
  faultsInjected: boolean;
  evidence: FindingEvidence;
}

/** The code of a rule the scenarios check themselves, which has no Windows stop code. */
export const DDIKIT_RULE = 'ddikit rule';
