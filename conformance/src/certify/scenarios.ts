/** The scenarios of each kind of module, and what a fault-free run of each checks. */
import type { ExtensionContractId } from '@ddikit/types';
import type { ExtensionKind } from './cases.js';
import { KIND_CONTRACTS } from './extension-catalogue.js';
import { IHV_SCENARIOS } from './ihv-scenarios.js';
import { NDIS_SCENARIOS } from './ndis-scenarios.js';

const SCENARIOS = { ihv: IHV_SCENARIOS, ndis: NDIS_SCENARIOS } as const;

/** The scenario names of a kind, in the order cases run. */
export function scenarioNames(kind: ExtensionKind): string[] {
  return SCENARIOS[kind].map((s) => s.name);
}

/** The contracts a run of the named scenario, without injected faults, checks. */
export function scenarioChecks(kind: ExtensionKind, name: string): readonly ExtensionContractId[] {
  const own = KIND_CONTRACTS[kind];
  const scenario = SCENARIOS[kind].find((s) => s.name === name);
  return scenario?.checks ?? own.all.filter((id) => id !== own.oom);
}
