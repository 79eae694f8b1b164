export { main } from './main.js';
export { commands } from './commands/index.js';
export { parseCommandArgs, type Command, type OptionSpec, type OptionValues } from './command.js';
export { ExitCode, UsageError, type Io, type Output } from './io.js';
export { resolveBackendFactory } from './backend.js';
