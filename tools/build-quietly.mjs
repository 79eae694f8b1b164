// Builds whatever is stale in the workspace (turbo caches the rest) without printing
// anything unless the build fails, so the command that follows owns stdout: `pnpm ddikit
// ... --reporter json` and `pnpm bench --json` print JSON alone.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('..', import.meta.url));

export function buildQuietly() {
  const build = spawnSync('turbo', ['run', 'build', '--output-logs=errors-only'], {
    cwd: workspaceRoot,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
  });
  if (build.error || build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
    process.stderr.write(`ddikit: the workspace build failed${build.error ? ` (${build.error.message})` : ''}\n`);
    process.exit(2);
  }
}

/** Runs a Node script with the caller's terminal and arguments, and exits with its status. */
export function runScript(relativePath, args) {
  const child = spawnSync(process.execPath, [fileURLToPath(new URL(relativePath, new URL('..', import.meta.url))), ...args], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}
