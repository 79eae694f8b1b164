/**
 * A command: its options (as node:util parseArgs takes them, plus help text), examples,
 * and what it does. Every command is described the same way, so help and parsing are
 * shared and a new command (certify) is one more module in commands/.
 */
import { parseArgs } from 'node:util';
import { UsageError, type Io } from './io.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's name in help: --seed N. */
  value?: string;
  description: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  name: string;
  summary: string;
  /** The usage after `ddikit <name>`: one line per form the command takes. */
  usage: string | readonly string[];
  /** The positional arguments it takes, by their names in help; none when absent. */
  operands?: readonly string[];
  options: Record<string, OptionSpec>;
  /** Help sections between the options and the examples (what a command checks, say). */
  details?: readonly string[];
  /** What the exit codes mean for this command, where it says more than the general rule. */
  exitCodes?: readonly string[];
  examples: string[];
  run(values: OptionValues, io: Io, operands: readonly string[]): Promise<number>;
}

export interface ParsedArgs {
  values: OptionValues;
  operands: string[];
}

export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

/** Parses a command's arguments strictly; every mistake becomes a one-line UsageError. */
export function parseCommandArgs(command: Command, args: string[]): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries({ ...command.options, help: HELP_OPTION }).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) },
    ]),
  );
  const accepted = command.operands?.length ?? 0;
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: accepted > 0 });
  } catch (error) {
    throw new UsageError(describeParseError(command, error));
  }
  const extra = parsed.positionals[accepted];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}" for ${command.name} (see ddikit ${command.name} --help)`);
  return { values: parsed.values as OptionValues, operands: parsed.positionals };
}

/** node:util's messages are long and suggest `--`; say what was wrong in the command's terms. */
function describeParseError(command: Command, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const code = (error as { code?: string }).code;
  const help = `(see ddikit ${command.name} --help)`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${quoted} for ${command.name} ${help}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument "${quoted}" for ${command.name} ${help}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
    if (message.includes('ambiguous')) return `option ${option} needs a value (write one that starts with - as ${option}=-1) ${help}`;
    return `option ${option} ${message.includes('argument missing') ? 'needs a value' : 'takes no value'} ${help}`;
  }
  return `${message.split('\n')[0]} ${help}`;
}
