/**
 * Builds extension sources the way a vendor does: the system C compiler, the public
 * headers of @ddikit/native, a shared library out.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { moduleDir } from './here.js';
import type { ExtensionKind } from './cases.js';

/** conformance/fixtures: beside dist/ when bundled, two levels up from src/certify when run from source. */
export function fixturesDir(): string {
  const here = moduleDir();
  const candidates = [join(here, '..', 'fixtures'), join(here, '..', '..', 'fixtures')];
  const found = candidates.find((dir) => existsSync(join(dir, 'manifest.json')));
  if (!found) throw new Error(`the conformance fixtures are missing (looked in ${candidates.join(', ')})`);
  return found;
}

export interface FixtureEntry {
  /** 'ihv/good': the source is fixtures/<name>.c. */
  name: string;
  kind: ExtensionKind;
  /** The one bug, in words (none for a conformant fixture). */
  bug?: string;
  /** Exactly the contracts certification must FAIL. */
  fails: string[];
  /** Why the verdict differs from what Windows would report, where it does. */
  note?: string;
}

export function fixtureManifest(): FixtureEntry[] {
  return (JSON.parse(readFileSync(join(fixturesDir(), 'manifest.json'), 'utf8')) as { fixtures: FixtureEntry[] }).fixtures;
}

/** The public C headers vendors compile against. */
export function nativeIncludeDir(): string {
  const require = createRequire(join(moduleDir(), 'index.js'));
  return join(dirname(require.resolve('@ddikit/native/package.json')), 'include');
}

/** Compiles one C source to a shared library; throws with the compiler's own message. */
export function compileExtension(source: string, output: string): string {
  const compiler = process.env.CC ?? 'cc';
  const platformFlags = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [];
  mkdirSync(dirname(output), { recursive: true });
  // Compile beside the target and rename, so a concurrent build never sees half a library.
  const partial = `${output}.${process.pid}.tmp`;
  try {
    execFileSync(compiler, ['-shared', '-fPIC', '-O1', '-pthread', ...platformFlags, '-o', partial, source, '-I', nativeIncludeDir()], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const detail = (error as { stderr?: Buffer; code?: string }).code === 'ENOENT' ? `no C compiler: set CC or install gcc or clang` : String((error as { stderr?: Buffer }).stderr ?? error);
    throw new Error(`compiling ${source} failed: ${detail.trim()}`);
  }
  renameSync(partial, output);
  return output;
}

/** Compiles fixtures/<name>.c into `outDir`, returning the library's path. */
export function compileFixture(name: string, outDir: string): string {
  return compileExtension(join(fixturesDir(), `${name}.c`), join(outDir, `${name.replace('/', '-')}.so`));
}

/**
 * The quick start's example: the conformant IHV extension, built from source once into a
 * cache directory keyed by the source's hash, so an edited fixture is rebuilt.
 */
export function ensureExampleBuilt(cacheDir: string = join(tmpdir(), 'ddikit-example')): string {
  const source = join(fixturesDir(), 'ihv', 'good.c');
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
  const output = join(cacheDir, `ihv-good-${hash}.so`);
  return existsSync(output) ? output : compileExtension(source, output);
}
