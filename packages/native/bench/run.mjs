#!/usr/bin/env node
// ns per allocate+free pair: (a) C malloc+free, (b) C through the DOT11EXT_APIS table with full
// tracking, (c) the native backend from TypeScript, (d) the sim backend from TypeScript.
// `--json` prints the same figures as JSON. Nothing here asserts a timing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSimBackend } from '@ddikit/sim';
import koffi from 'koffi';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const json = process.argv.includes('--json');
const SIZE = 64;
const C_ITERATIONS = 2_000_000;
const TS_ITERATIONS = 200_000;

const { createNativeBackend, includeDirectory } = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);

function compileBench() {
  const dir = mkdtempSync(join(tmpdir(), 'ddikit-bench-'));
  const out = join(dir, process.platform === 'darwin' ? 'bench.dylib' : 'bench.so');
  const cc = process.env.CC?.trim() || 'cc';
  const r = spawnSync(cc, [
    '-std=c11', '-O2', '-shared', '-fPIC', '-I', includeDirectory(),
    ...(process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : []),
    '-o', out, join(here, 'bench.c'),
  ], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not compile bench.c with ${cc}:\n${r.stderr}`);
  return { dir, out };
}

function timeTs(backend, iterations) {
  for (let i = 0; i < 10_000; i++) backend.dot11ext.freeBuffer(backend.dot11ext.allocateBuffer(SIZE).buffer);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) backend.dot11ext.freeBuffer(backend.dot11ext.allocateBuffer(SIZE).buffer);
  return Number(process.hrtime.bigint() - start) / iterations;
}

const best = (fn, runs = 3) => Math.min(...Array.from({ length: runs }, fn));

const { dir, out } = compileBench();
const results = { size: SIZE };
try {
  const lib = koffi.load(out);
  const benchMalloc = lib.func('double bench_malloc(int iterations, unsigned int size)');
  const benchTable = lib.func('double bench_table(void *apis, int iterations, unsigned int size)');

  const native = createNativeBackend({ memoryLimit: 256 << 20 });
  benchMalloc(100_000, SIZE);
  benchTable(native.dot11ExtApis, 100_000, SIZE);
  results.cMalloc = best(() => benchMalloc(C_ITERATIONS, SIZE));
  results.cTable = best(() => benchTable(native.dot11ExtApis, C_ITERATIONS, SIZE));
  results.nativeTs = best(() => timeTs(native, TS_ITERATIONS));
  native.close();

  const sim = createSimBackend({ memoryLimit: 256 << 20 });
  results.simTs = best(() => timeTs(sim, TS_ITERATIONS));
  sim.close();
  lib.unload();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

results.ratioTableToMalloc = results.cTable / results.cMalloc;
results.ratioSimToNative = results.simTs / results.nativeTs;

if (json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const ns = (v) => `${v.toFixed(1)} ns`;
  console.log(`allocate+free pairs of ${SIZE} bytes, ns per pair (best of 3)`);
  console.log(`(a) C malloc+free                          ${ns(results.cMalloc)}`);
  console.log(`(b) C via DOT11EXT_APIS, full tracking     ${ns(results.cTable)}`);
  console.log(`(c) native backend from TypeScript         ${ns(results.nativeTs)}`);
  console.log(`(d) sim backend from TypeScript            ${ns(results.simTs)}`);
  console.log(`b/a ${results.ratioTableToMalloc.toFixed(2)}   d/c ${results.ratioSimToNative.toFixed(2)}`);
}
