#!/usr/bin/env node
// `pnpm ddikit <args>`: builds what is stale, quietly, then runs the ddikit CLI with the
// caller's terminal, from the folder the caller ran pnpm in, and exits with its code.
// Only the CLI writes to stdout, so `pnpm ddikit ... --reporter json` is JSON alone.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// pnpm names itself in npm_execpath; run that one, so a pnpm started with npx works too.
const pnpm = process.env.npm_execpath && /\.c?js$/.test(process.env.npm_execpath)
  ? [process.execPath, process.env.npm_execpath]
  : ['pnpm'];
const build = spawnSync(pnpm[0], [...pnpm.slice(1), 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
});
if (build.error || build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  process.stderr.write(`ddikit: the workspace build failed${build.error ? ` (${build.error.message})` : ''}\n`);
  process.exit(2);
}

const cli = spawnSync(process.execPath, [fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url)), ...process.argv.slice(2)], {
  stdio: 'inherit',
  // pnpm runs root scripts from the root; INIT_CWD is where the user typed the command.
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
process.exit(cli.status ?? 1);
