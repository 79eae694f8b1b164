/** The help texts: the same layout for the program and for each command. */
import type { Command, OptionSpec } from './command.js';
import { HELP_OPTION } from './command.js';

const EXIT_CODES = [
  'Exit codes:',
  '  0  everything that ran passed',
  '  1  a contract failed or errored',
  '  2  bad usage or input (one line on stderr, prefixed "ddikit: ")',
];

/** Indented `term  description` lines, the descriptions lined up in one column. */
export function columnLines(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...rows.map(([term]) => term.length));
  return rows.map(([term, description]) => `  ${term.padEnd(width)}  ${description}`);
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  return columnLines(
    Object.entries(options).map(([name, spec]) => {
      const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
      return [flag, `${spec.description}${spec.multiple ? ' (repeatable)' : ''}`] as const;
    }),
  );
}

export function programHelp(commands: readonly Command[]): string {
  return [
    'ddikit: check driver code against the buffer-ownership contracts of',
    'Dot11ExtAllocateBuffer/Dot11ExtFreeBuffer and NetAllocateMdl/NetFreeMdl, in user mode.',
    '',
    'Usage: ddikit <command> [options]',
    '',
    'Commands:',
    ...columnLines(commands.map((c) => [c.name, c.summary])),
    '',
    'Options:',
    ...optionLines({ help: { ...HELP_OPTION, description: 'show help (ddikit <command> --help for a command)' }, version: { type: 'boolean', short: 'v', description: 'show the version' } }),
    '',
    'Examples:',
    ...commands.flatMap((c) => c.examples.slice(0, 1)).map((e) => `  ${e}`),
    '',
    ...EXIT_CODES,
    '',
  ].join('\n');
}

function usageLines(command: Command): string[] {
  const forms = typeof command.usage === 'string' ? [command.usage] : command.usage;
  return forms.map((form, i) => `${i === 0 ? 'Usage: ' : '       '}ddikit ${command.name} ${form}`);
}

export function commandHelp(command: Command): string {
  return [
    `ddikit ${command.name}: ${command.summary}`,
    '',
    ...usageLines(command),
    '',
    'Options:',
    ...optionLines({ ...command.options, help: HELP_OPTION }),
    '',
    ...(command.details ? [...command.details, ''] : []),
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
    '',
    ...(command.exitCodes ? ['Exit codes:', ...command.exitCodes] : EXIT_CODES),
    '',
  ].join('\n');
}
