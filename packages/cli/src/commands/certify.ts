/** ddikit certify: a vendor's shared library against the extension contracts, with a verdict and the evidence. */
import {
  CertificationInputError,
  certificationReporters,
  certificationVerdict,
  certifyModule,
  DEFAULT_CASE_TIMEOUT_MS,
  DEFAULT_SEED,
  ensureExampleBuilt,
  EXTENSION_KINDS,
  shouldColor,
  summaryLine,
  type CertificationReport,
  type CertifyModuleOptions,
} from '@ddikit/conformance';
import { basename, resolve } from 'node:path';
import type { Command, OptionValues } from '../command.js';
import { ExitCode, UsageError, type Io } from '../io.js';
import { choiceOption, integerOption, outOption, probabilityOption, reportOptions, reporterOption } from '../options.js';
import { emit } from '../output.js';
import { progressLine } from '../progress.js';
import { certifyDetails } from './certify-help.js';

/** An export name as a C compiler writes one; anything else cannot be in the module. */
function symbolOption(values: OptionValues, name: string): string | undefined {
  const symbol = values[name] as string | undefined;
  if (symbol !== undefined && !/^[A-Za-z_]\w*$/.test(symbol)) throw new UsageError(`--${name} must be a C identifier, got "${symbol}"`);
  return symbol;
}

/** The module to certify: the one named, or the bundled example (built on first use). */
function modulePath(values: OptionValues, operands: readonly string[], cwd: string): string {
  const [named] = operands;
  if (values.example && named !== undefined) throw new UsageError('give a module or --example, not both');
  if (values.example) return ensureExampleBuilt();
  if (named === undefined) throw new UsageError('missing <module>: the shared library to certify (or --example for the bundled one)');
  return resolve(cwd, named);
}

function certifyOptions(values: OptionValues): CertifyModuleOptions {
  if (values['fault-sweep'] && values['no-fault-sweep']) throw new UsageError('give --fault-sweep or --no-fault-sweep, not both');
  const options: CertifyModuleOptions = { faultSweep: values['no-fault-sweep'] !== true };
  const kind = choiceOption(values, 'kind', EXTENSION_KINDS);
  const allocateSymbol = symbolOption(values, 'allocate-symbol');
  const freeSymbol = symbolOption(values, 'free-symbol');
  const seed = integerOption(values, 'seed', 0, 0xffff_ffff);
  const faultProbability = probabilityOption(values, 'fault-probability');
  const caseTimeoutMs = integerOption(values, 'case-timeout', 100, 3_600_000);
  if (kind !== undefined) options.kind = kind;
  if (allocateSymbol !== undefined) options.allocateSymbol = allocateSymbol;
  if (freeSymbol !== undefined) options.freeSymbol = freeSymbol;
  if (seed !== undefined) options.seed = seed;
  if (faultProbability !== undefined) options.faultProbability = faultProbability;
  if (caseTimeoutMs !== undefined) options.caseTimeoutMs = caseTimeoutMs;
  return options;
}

async function certifyWithProgress(path: string, options: CertifyModuleOptions, io: Io): Promise<CertificationReport> {
  const progress = progressLine(io.stderr, basename(path));
  try {
    return await certifyModule(path, progress ? { ...options, onProgress: progress.onProgress } : options);
  } catch (error) {
    // What is wrong with the file is the caller's to fix, like a bad option: one line, exit 2.
    if (error instanceof CertificationInputError) throw new UsageError(error.message);
    throw error;
  } finally {
    progress?.clear();
  }
}

export const certifyCommand: Command = {
  name: 'certify',
  summary: 'certify an IHV extension or an NDIS MDL handler module: a verdict per contract, with evidence',
  usage: [
    '<module> [--kind ihv|ndis] [--allocate-symbol NAME] [--free-symbol NAME] [--[no-]fault-sweep] [--seed N] [--fault-probability P] [--case-timeout MS] [--reporter NAME] [--out FILE [--force]]',
    '--example [options]',
  ],
  operands: ['module'],
  options: {
    example: { type: 'boolean', description: 'certify the bundled conformant IHV extension (compiled with cc on first use) instead of <module>' },
    kind: { type: 'string', short: 'k', value: 'KIND', description: 'ihv (an IHV Extensions DLL) or ndis (a NetAllocateMdl/NetFreeMdl pair); default: from the exports' },
    'allocate-symbol': { type: 'string', value: 'NAME', description: "the NDIS allocate handler's export name (default NetAllocateMdl)" },
    'free-symbol': { type: 'string', value: 'NAME', description: "the NDIS free handler's export name (default NetFreeMdl)" },
    'fault-sweep': { type: 'boolean', description: 'run the systematic sweep that fails the 1st, 2nd, ... allocation in turn (the default)' },
    'no-fault-sweep': { type: 'boolean', description: 'skip the systematic sweep that fails the 1st, 2nd, ... allocation in turn (then the OOM contract is not checked and the module is not certified)' },
    seed: { type: 'string', value: 'N', description: `seed for the backend and the random fault runs (default ${DEFAULT_SEED})` },
    'fault-probability': { type: 'string', value: 'P', description: 'add random fault runs: each allocation fails with probability P, 0 to 1 (default none)' },
    'case-timeout': { type: 'string', value: 'MS', description: `time limit per case in milliseconds; a case past it is a hang (default ${DEFAULT_CASE_TIMEOUT_MS})` },
    ...reportOptions,
  },
  details: certifyDetails(),
  exitCodes: [
    '  0  certified: every contract for the module\'s kind passed',
    '  1  not certified: a contract failed, errored, or was not checked',
    '  2  bad usage or input: a missing file, not a shared library, a wrong architecture,',
    '     missing exports, a wrong --kind, a bad option value, an --out that cannot be',
    '     written (one line on stderr, prefixed "ddikit: ")',
  ],
  examples: [
    'ddikit certify ./build/myihv.so',
    'ddikit certify ./build/mymdl.so --kind ndis --allocate-symbol MyAllocateMdl --free-symbol MyFreeMdl',
    'ddikit certify ./build/myihv.so --reporter junit --out ihv.xml',
    'ddikit certify ./build/myihv.so --reporter markdown --seed 7 --fault-probability 0.05',
    'ddikit certify --example',
  ],
  async run(values, io, operands) {
    const options = certifyOptions(values);
    const reporter = reporterOption(values);
    const out = outOption(values, io.cwd);
    const path = modulePath(values, operands, io.cwd);
    const report = await certifyWithProgress(path, options, io);
    emit(certificationReporters[reporter](report, { color: !out && shouldColor(io.stdout, io.env) }), out, io);
    if (out) io.stdout.write(`${certificationVerdict(report)}: ${summaryLine(report.summary)}; report written to ${out.path}\n`);
    return report.certified ? ExitCode.OK : ExitCode.FAILED;
  },
};
