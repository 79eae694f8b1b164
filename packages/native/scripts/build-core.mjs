#!/usr/bin/env node
// Compiles the C core (src/core/*.c) into dist/libddikit.{so,dylib} with the system C
// compiler: $CC, else cc, gcc or clang. Without one it says what to install and exits 1;
// with --optional (the install step) it says so and exits 0, so installing the workspace,
// or a project that only uses @ddikit/sim, does not fail for want of a compiler.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const isMac = process.platform === 'darwin';
const output = join(root, 'dist', isMac ? 'libddikit.dylib' : 'libddikit.so');
// The compiler writes beside the library and the result is renamed over it, so a process
// loading the core while it is rebuilt sees the old library or the new one, never half of one.
const partial = `${output}.${process.pid}.partial`;

function works(cc) {
  const r = spawnSync(cc, ['--version'], { stdio: 'ignore', shell: false });
  return r.status === 0;
}

function findCompiler() {
  const fromEnv = process.env.CC?.trim();
  if (fromEnv) return works(fromEnv) ? fromEnv : undefined;
  return ['cc', 'gcc', 'clang'].find(works);
}

const optional = process.argv.includes('--optional');

function fail(message) {
  rmSync(partial, { force: true });
  rmSync(output, { force: true });
  console.error(message);
  process.exit(optional ? 0 : 1);
}

const cc = findCompiler();
if (!cc) {
  fail('@ddikit/native needs a C compiler: install gcc or clang (Debian/Ubuntu: apt-get install gcc), or set CC');
}

const sources = readdirSync(join(root, 'src', 'core'))
  .filter((f) => f.endsWith('.c'))
  .sort()
  .map((f) => join(root, 'src', 'core', f));

mkdirSync(dirname(output), { recursive: true });
const args = [
  '-std=c11',
  // -O3: the allocate/free path is a few hundred instructions of short fixed-size loops,
  // which -O3 unrolls; it measures about 5% faster than -O2 in bench/run.mjs
  '-O3',
  '-fPIC',
  '-pthread',
  '-shared',
  '-fvisibility=hidden',
  '-Wall',
  '-Wextra',
  ...(isMac ? [] : ['-D_GNU_SOURCE']),
  '-I',
  join(root, 'include'),
  '-o',
  partial,
  ...sources,
  ...(isMac ? [] : ['-lpthread']),
];
const result = spawnSync(cc, args, { stdio: 'inherit' });
if (result.status !== 0 || !existsSync(partial)) {
  fail(`@ddikit/native: ${cc} could not compile the C core (see the errors above)`);
}
renameSync(partial, output);
