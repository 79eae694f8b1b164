/** Builds C test modules with the system compiler into a temporary directory. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { includeDirectory } from '../src/library.js';

export const compiler = process.env.CC?.trim() || 'cc';
const isMac = process.platform === 'darwin';
const extension = isMac ? 'dylib' : 'so';

const dirs: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ddikit-native-test-'));
  dirs.push(dir);
  return dir;
}

export function cleanup(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function run(args: string[]): void {
  const r = spawnSync(compiler, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${compiler} ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
}

/** Compiles `source` into a shared library the way a vendor would (plain cc -shared -fPIC). */
export function compileModule(name: string, source: string, flags: string[] = []): string {
  const dir = tempDir();
  const c = join(dir, `${name}.c`);
  const out = join(dir, `${name}.${extension}`);
  writeFileSync(c, source);
  run([
    '-std=c11',
    '-O2',
    '-shared',
    '-fPIC',
    '-pthread',
    '-Wall',
    '-I',
    includeDirectory(),
    ...(isMac ? ['-undefined', 'dynamic_lookup'] : []),
    ...flags,
    '-o',
    out,
    c,
  ]);
  return out;
}

/** Compiles `source` to an object file only (for header checks). */
export function compileObject(name: string, source: string, flags: string[] = []): string {
  const dir = tempDir();
  const c = join(dir, `${name}.c`);
  const out = join(dir, `${name}.o`);
  writeFileSync(c, source);
  run([...(flags.includes('c++') ? [] : ['-std=c11']), '-c', '-I', includeDirectory(), ...flags, '-o', out, c]);
  return out;
}
