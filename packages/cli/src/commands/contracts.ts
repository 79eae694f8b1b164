/** ddikit contracts: the catalogue, for people and for scripts. */
import { backendContracts } from '@ddikit/conformance';
import type { Command } from '../command.js';
import { ExitCode } from '../io.js';

export const contractsCommand: Command = {
  name: 'contracts',
  summary: 'list the backend contracts: ID, family, needed capabilities, and the rule each enforces',
  usage: '[--json]',
  options: {
    json: { type: 'boolean', description: 'print the catalogue as JSON' },
  },
  examples: ['ddikit contracts', 'ddikit contracts --json'],
  async run(values, io) {
    const catalogue = backendContracts.map(({ id, family, needs, source }) => ({ id, family, needs: [...needs], source }));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(catalogue, null, 2)}\n`);
      return ExitCode.OK;
    }
    const lines = catalogue.flatMap((c) => [`${c.id}  (${c.family}; needs ${c.needs.join(', ')})`, `    ${c.source}`]);
    io.stdout.write(`${lines.join('\n')}\n`);
    return ExitCode.OK;
  },
};
