/** The ddikit program: global options, then one command, with exit codes 0, 1 and 2. */
import { parseCommandArgs } from './command.js';
import { commands } from './commands/index.js';
import { commandHelp, programHelp } from './help.js';
import { ExitCode, UsageError, firstLine, type Io } from './io.js';
import { CLI_VERSION } from './version.js';

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command (see ddikit --help)');
  if (first === '--help' || first === '-h') {
    io.stdout.write(programHelp(commands));
    return ExitCode.OK;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${CLI_VERSION}\n`);
    return ExitCode.OK;
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option ${first} (see ddikit --help)`);
  const command = commands.find((c) => c.name === first);
  if (!command) throw new UsageError(`unknown command "${first}" (commands: ${commands.map((c) => c.name).join(', ')})`);
  const { values, operands } = parseCommandArgs(command, rest);
  if (values.help) {
    io.stdout.write(commandHelp(command));
    return ExitCode.OK;
  }
  return command.run(values, io, operands);
}

/** Runs ddikit with `argv` (without node and the script) and returns the exit code. Never throws. */
export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    io.stderr.write(`ddikit: ${firstLine(error)}\n`);
    // A usage mistake is the caller's to fix; anything else is a failure of the run.
    return error instanceof UsageError ? ExitCode.USAGE : ExitCode.FAILED;
  }
}
