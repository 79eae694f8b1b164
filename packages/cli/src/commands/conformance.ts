/** ddikit conformance: the backend contracts against a backend, reported in the format asked for. */
import { reporters, runConformance, shouldColor, summaryLine } from '@ddikit/conformance';
import { BUILT_IN_BACKENDS, resolveBackendFactory } from '../backend.js';
import type { Command } from '../command.js';
import { ExitCode, UsageError, firstLine } from '../io.js';
import { contractOption, integerOption, outOption, reportOptions, reporterOption, runOptions } from '../options.js';
import { emit } from '../output.js';

export const conformanceCommand: Command = {
  name: 'conformance',
  summary: 'run the backend contracts against a backend',
  usage: '--backend <sim|native|MODULE> [--contract GLOB ...] [--reporter NAME] [--out FILE [--force]] [--seed N] [--memory-limit BYTES]',
  options: {
    backend: {
      type: 'string',
      short: 'b',
      value: 'BACKEND',
      description: `${BUILT_IN_BACKENDS.join(', ')}, or a module (path relative to here, or package) exporting a factory as default, createBackend or its only function`,
    },
    ...runOptions,
    ...reportOptions,
  },
  examples: [
    'ddikit conformance --backend sim',
    "ddikit conformance --backend native --contract 'ndis.*' --reporter junit --out results.xml",
    'ddikit conformance --backend ./my-backend.js --reporter json --seed 7',
  ],
  async run(values, io) {
    const spec = values.backend as string | undefined;
    if (!spec) throw new UsageError(`missing --backend (${BUILT_IN_BACKENDS.join(', ')}, or a module)`);
    const contracts = contractOption(values);
    const reporter = reporterOption(values);
    const seed = integerOption(values, 'seed', 0, 0xffff_ffff);
    const memoryLimit = integerOption(values, 'memory-limit', 1, Number.MAX_SAFE_INTEGER);
    const out = outOption(values, io.cwd);
    const factory = await resolveBackendFactory(spec, io.cwd);

    let report;
    try {
      report = await runConformance(factory, {
        contracts: contracts.map((c) => c.id),
        ...(seed === undefined ? {} : { seed }),
        ...(memoryLimit === undefined ? {} : { memoryLimit }),
      });
    } catch (error) {
      throw new UsageError(`backend ${spec} could not be created: ${firstLine(error)}`);
    }
    emit(reporters[reporter](report, { color: !out && shouldColor(io.stdout, io.env) }), out, io);
    if (out) io.stdout.write(`${summaryLine(report.summary)}; report written to ${out.path}\n`);
    return report.summary.failed + report.summary.errored > 0 ? ExitCode.FAILED : ExitCode.OK;
  },
};
