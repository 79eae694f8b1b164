/**
 * From case outcomes to a verdict per contract. Findings of the baseline runs count
 * against the contract they break. In a run where an allocation was made to fail, only
 * what the baseline of the same scenario did not already show is new, and it is the
 * extension's handling of the failure that broke: those findings count against the OOM
 * contract (a leak, a NULL result reported as success, a crash or a hang under the fault).
 */
import type { ExtensionContractId } from '@ddikit/types';
import { caseName, type CaseOutcome, type ExtensionKind } from './cases.js';
import { contractsOfKind, KIND_CONTRACTS } from './extension-catalogue.js';
import { scenarioChecks } from './scenarios.js';
import { DDIKIT_RULE, type FindingEvidence, type Observation } from './observation.js';
import type { CaseRecord } from './suite-run.js';
import type { ContractStatus } from '../types.js';

export interface Finding {
  message: string;
  /** The case that found it: its scenario and the fault it ran under. */
  case: string;
  faultsInjected: boolean;
  evidence: FindingEvidence;
}

/** A certification's verdict on one extension contract, with the findings behind a failure. */
export interface CertificationResult {
  id: ExtensionContractId;
  /** The sentence of SPEC section 3 the contract enforces. */
  source: string;
  status: ContractStatus;
  reason?: string;
  /** Whether any case that checked this contract ran with allocations made to fail. */
  faultsInjected: boolean;
  findings: Finding[];
}

/**
 * The same rule broken in the same handler, on a block of the same size, is one finding
 * however many cases showed it. Addresses and allocation orders differ from case to case
 * (a fault shifts the orders after it), sizes do not, so two distinct blocks stay apart.
 */
const signature = (o: Observation) => `${o.rule}@${o.evidence.brokenIn ?? ''}:${o.evidence.size ?? ''}`;

/** What a crash or hang says, as an observation of the contract it breaks. */
function deathObservation(contract: ExtensionContractId, outcome: Extract<CaseOutcome, { outcome: 'crashed' | 'hung' }>, faulted: boolean): Observation {
  const where = outcome.handler ?? 'the extension';
  const what = outcome.outcome === 'crashed' ? `crashed with ${outcome.signal} in ${where}` : `did not return from ${where} within ${outcome.timeoutMs} ms`;
  return {
    contract,
    rule: outcome.outcome,
    message: `the extension ${what}${faulted ? ' after an allocation was made to fail' : ''}`,
    faultsInjected: faulted,
    evidence: {
      ...(outcome.handler === undefined ? {} : { brokenIn: outcome.handler }),
      code: outcome.outcome === 'crashed' ? outcome.signal : DDIKIT_RULE,
    },
  };
}

export function classify(kind: ExtensionKind, records: readonly CaseRecord[], skipReasonForOom: string): CertificationResult[] {
  const own = KIND_CONTRACTS[kind];
  const findings = new Map<ExtensionContractId, Map<string, Finding>>();
  const errors = new Map<ExtensionContractId, string[]>();
  const covered = new Set<ExtensionContractId>();
  const stops = new Set<string>();
  const underFaults = new Set<ExtensionContractId>();
  const baselineSignatures = new Map<string, Set<string>>();

  const add = (contract: ExtensionContractId, observation: Observation, name: string) => {
    const byRule = findings.get(contract) ?? new Map<string, Finding>();
    findings.set(contract, byRule);
    const key = signature(observation);
    if (byRule.has(key)) return;
    byRule.set(key, { message: observation.message, case: name, faultsInjected: observation.faultsInjected, evidence: observation.evidence });
  };

  for (const { spec, outcome } of records) {
    const name = caseName(spec);
    const faulted = spec.fault !== undefined;
    const checked = faulted ? [own.oom] : scenarioChecks(kind, spec.scenario);
    if (outcome.outcome === 'error') {
      for (const id of checked) errors.set(id, [...(errors.get(id) ?? []), `${name}: ${outcome.message}`]);
      continue;
    }
    // A case that stopped before what it checks covers nothing: its contracts must not pass unchecked.
    const stoppedEarly = outcome.outcome === 'completed' ? outcome.stoppedEarly : undefined;
    if (stoppedEarly === undefined) checked.forEach((id) => covered.add(id));
    else stops.add(stoppedEarly);
    if (faulted && (outcome.outcome !== 'completed' || outcome.injected.length > 0)) checked.forEach((id) => underFaults.add(id));
    if (outcome.outcome !== 'completed') {
      const contract = faulted ? own.oom : outcome.outcome === 'crashed' ? own.crash : own.hang;
      add(contract, deathObservation(contract, outcome, faulted), name);
      continue;
    }
    if (!faulted) {
      baselineSignatures.set(spec.scenario, new Set(outcome.observations.map(signature)));
      for (const o of outcome.observations) add(o.contract, o, name);
      continue;
    }
    const known = baselineSignatures.get(spec.scenario) ?? new Set<string>();
    for (const o of outcome.observations) if (!known.has(signature(o))) add(own.oom, o, name);
  }

  return contractsOfKind(kind).map(({ id, source }): CertificationResult => {
    const faultsInjected = underFaults.has(id);
    const found = [...(findings.get(id)?.values() ?? [])];
    if (found.length > 0) return { id, source, status: 'FAIL', faultsInjected, findings: found };
    const failedToRun = errors.get(id);
    if (failedToRun) return { id, source, status: 'ERROR', reason: failedToRun.join('; '), faultsInjected, findings: [] };
    if (covered.has(id)) return { id, source, status: 'PASS', faultsInjected, findings: [] };
    const notReached = stops.size > 0 ? `no case ran far enough to check it (${[...stops].join('; ')})` : 'no case ran far enough to check it';
    return { id, source, status: 'SKIP', reason: id === own.oom && stops.size === 0 ? skipReasonForOom : notReached, faultsInjected, findings: [] };
  });
}
