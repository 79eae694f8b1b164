/** ddikit contracts: the catalogue, backend and extension contracts, for people and for scripts. */
import { backendContracts, extensionContracts, KIND_CONTRACTS, type ExtensionKind } from '@ddikit/conformance';
import type { ContractFamily } from '@ddikit/types';
import type { Command } from '../command.js';
import { ExitCode } from '../io.js';
import { choiceOption } from '../options.js';

/** A contract as listed; the JSON form is exactly this. */
type ListedContract =
  | { id: string; family: Exclude<ContractFamily, 'extension'>; needs: string[]; source: string }
  | { id: string; family: 'extension'; kind: ExtensionKind; source: string; summary: string };

const catalogue: readonly ListedContract[] = [
  ...backendContracts.map(({ id, family, needs, source }) => ({ id, family, needs: [...needs], source })),
  ...extensionContracts.map(({ id, kind, source, summary }) => ({ id, family: 'extension' as const, kind, source, summary })),
];

const FAMILIES = [...new Set(catalogue.map((c) => c.family))];

/** The heading a contract is listed under, and what its line says after the ID. */
function placement(c: ListedContract): { heading: string; detail: string } {
  if (c.family !== 'extension') return { heading: `${c.family}: backend contracts (ddikit conformance)`, detail: `needs ${c.needs.join(', ')}` };
  return { heading: `extension: ${KIND_CONTRACTS[c.kind].label} (ddikit certify --kind ${c.kind})`, detail: `kind ${c.kind}` };
}

function listingLines(contracts: readonly ListedContract[]): string[] {
  const lines: string[] = [];
  let current: string | undefined;
  for (const c of contracts) {
    const { heading, detail } = placement(c);
    if (heading !== current) lines.push(...(current === undefined ? [] : ['']), heading);
    current = heading;
    lines.push(`  ${c.id}  (${detail})`, `      ${c.source}`);
  }
  return lines;
}

export const contractsCommand: Command = {
  name: 'contracts',
  summary: 'list the contracts, backend (conformance) and extension (certify), with the rule each enforces',
  usage: `[--family ${FAMILIES.join('|')}] [--json]`,
  options: {
    family: { type: 'string', value: 'FAMILY', description: `only the contracts of one family: ${FAMILIES.join(', ')} (default all)` },
    json: { type: 'boolean', description: 'print the catalogue as JSON' },
  },
  examples: ['ddikit contracts', 'ddikit contracts --family extension', 'ddikit contracts --json'],
  async run(values, io) {
    const family = choiceOption(values, 'family', FAMILIES);
    const listed = family === undefined ? catalogue : catalogue.filter((c) => c.family === family);
    io.stdout.write(values.json ? `${JSON.stringify(listed, null, 2)}\n` : `${listingLines(listed).join('\n')}\n`);
    return ExitCode.OK;
  },
};
