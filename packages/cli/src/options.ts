/** Options more than one command takes: parsed and checked once. */
import { isReporterName, reporters, selectContracts, type BackendContract, type ReporterName } from '@ddikit/conformance';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { OptionSpec, OptionValues } from './command.js';
import { UsageError } from './io.js';

export const reportOptions: Record<string, OptionSpec> = {
  reporter: { type: 'string', short: 'r', value: 'NAME', description: `report format: ${Object.keys(reporters).join(', ')} (default pretty)` },
  out: { type: 'string', short: 'o', value: 'FILE', description: 'write the report to FILE instead of stdout' },
  force: { type: 'boolean', short: 'f', description: 'let --out overwrite a file that exists' },
};

export const runOptions: Record<string, OptionSpec> = {
  contract: { type: 'string', short: 'c', multiple: true, value: 'GLOB', description: "contracts to run, by ID or glob ('dot11ext.*'); default all" },
  seed: { type: 'string', value: 'N', description: 'seed for every backend and every random size (default 1)' },
  'memory-limit': { type: 'string', value: 'BYTES', description: "backends' memory limit in bytes (checks of exhaustion set their own)" },
};

const string = (values: OptionValues, name: string) => values[name] as string | undefined;

export function reporterOption(values: OptionValues): ReporterName {
  const name = string(values, 'reporter') ?? 'pretty';
  if (!isReporterName(name)) throw new UsageError(`unknown reporter "${name}" (one of ${Object.keys(reporters).join(', ')})`);
  return name;
}

/** A string option that must be one of `choices`; a mistake is told the choices. */
export function choiceOption<T extends string>(values: OptionValues, name: string, choices: readonly T[]): T | undefined {
  const text = string(values, name);
  if (text === undefined) return undefined;
  const known = choices.find((choice) => choice === text);
  if (!known) throw new UsageError(`unknown --${name} "${text}" (one of ${choices.join(', ')})`);
  return known;
}

/** An integer option within [min, max]; plain decimal digits only, so typos do not become numbers. */
export function integerOption(values: OptionValues, name: string, min: number, max: number): number | undefined {
  const text = string(values, name);
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return value;
}

/** A probability: a decimal from 0 to 1 (0, 0.05, .5, 1); nothing else reads as one. */
export function probabilityOption(values: OptionValues, name: string): number | undefined {
  const text = string(values, name);
  if (text === undefined) return undefined;
  const value = /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0 && value <= 1)) throw new UsageError(`--${name} must be a number from 0 to 1, got "${text}"`);
  return value;
}

export function contractOption(values: OptionValues): BackendContract[] {
  try {
    return selectContracts(values.contract as string[] | undefined);
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see ddikit contracts)`);
  }
}

/**
 * Where --out writes, checked before anything runs: the folder must exist, and an
 * existing file is overwritten only with --force, so a run never destroys a file by accident.
 */
export interface OutTarget {
  path: string;
  overwrite: boolean;
}

export function outOption(values: OptionValues, cwd: string): OutTarget | undefined {
  const out = string(values, 'out');
  if (out === undefined) return undefined;
  const path = resolve(cwd, out);
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`cannot write ${out}: folder ${folder} does not exist`);
  const overwrite = values.force === true;
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new UsageError(`cannot write ${out}: it is a folder`);
    if (!overwrite) throw new UsageError(`${out} already exists; pass --force to overwrite it`);
  }
  return { path, overwrite };
}
