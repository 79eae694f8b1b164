/** The catalogue of backend contracts, in the order of SPEC section 3, and selection by glob. */
import { BACKEND_CONTRACTS } from '@ddikit/types';
import { dot11extContracts } from './contracts/dot11ext.js';
import { kernelContracts } from './contracts/kernel.js';
import { ndisContracts } from './contracts/ndis.js';
import type { BackendContract } from './types.js';

const byId = new Map([...dot11extContracts, ...ndisContracts, ...kernelContracts].map((c) => [c.id, c]));

/** Every backend contract, in the order @ddikit/types lists them. */
export const backendContracts: readonly BackendContract[] = BACKEND_CONTRACTS.map((id) => {
  const contract = byId.get(id);
  if (!contract) throw new Error(`the catalogue has no check for ${id}`);
  return contract;
});

/** `*` matches any run of characters (dots included), `?` one character; the rest is literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** A glob that selects no contract: almost always a typo, so it is an error rather than an empty run. */
export class UnknownContractError extends RangeError {
  readonly glob: string;
  constructor(glob: string) {
    super(`no contract matches "${glob}"`);
    this.name = 'UnknownContractError';
    this.glob = glob;
  }
}

/** The contracts matching any of `globs`, in catalogue order; all of them when `globs` is empty or absent. */
export function selectContracts(globs?: readonly string[]): BackendContract[] {
  if (!globs || globs.length === 0) return [...backendContracts];
  const patterns = globs.map((glob) => ({ glob, regexp: globToRegExp(glob) }));
  for (const { glob, regexp } of patterns) {
    if (!backendContracts.some((c) => regexp.test(c.id))) throw new UnknownContractError(glob);
  }
  return backendContracts.filter((c) => patterns.some(({ regexp }) => regexp.test(c.id)));
}
