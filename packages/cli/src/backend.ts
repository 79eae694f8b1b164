/**
 * Turns --backend into a factory: `sim` and `native` by name, or any module (a path
 * relative to the working folder, or an installed package) that exports one. Each is
 * imported only when asked for, so one backend that cannot load never stops the others.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BackendFactory } from '@ddikit/types';
import { UsageError, firstLine } from './io.js';

const BUILT_IN: Record<string, { specifier: string; factory: string }> = {
  sim: { specifier: '@ddikit/sim', factory: 'createSimBackend' },
  native: { specifier: '@ddikit/native', factory: 'createNativeBackend' },
};

export const BUILT_IN_BACKENDS = Object.keys(BUILT_IN);

type ModuleNamespace = Record<string, unknown>;

export async function resolveBackendFactory(spec: string, cwd: string): Promise<BackendFactory> {
  const builtIn = BUILT_IN[spec];
  if (builtIn) {
    const namespace = await load(builtIn.specifier, `the ${spec} backend (${builtIn.specifier})`);
    const factory = namespace[builtIn.factory];
    if (typeof factory !== 'function') throw new UsageError(`the ${spec} backend (${builtIn.specifier}) exports no ${builtIn.factory}`);
    return factory as BackendFactory;
  }
  return pickFactory(await load(locate(spec, cwd), `backend module ${spec}`), spec);
}

const isPath = (spec: string) => spec.startsWith('.') || isAbsolute(spec);

/** A path is taken relative to the working folder; a package name is resolved from it too. */
function locate(spec: string, cwd: string): string {
  if (isPath(spec)) {
    const path = resolve(cwd, spec);
    if (!existsSync(path)) throw new UsageError(`backend module ${spec} not found (no file at ${path})`);
    return pathToFileURL(path).href;
  }
  try {
    return pathToFileURL(createRequire(join(cwd, 'package.json')).resolve(spec)).href;
  } catch {
    throw new UsageError(`unknown backend "${spec}": not ${BUILT_IN_BACKENDS.join(' or ')}, a path, or a package installed here`);
  }
}

async function load(specifier: string, what: string): Promise<ModuleNamespace> {
  try {
    return (await import(specifier)) as ModuleNamespace;
  } catch (error) {
    throw new UsageError(`cannot load ${what}: ${firstLine(error)}`);
  }
}

/** `default`, else `createBackend`, else the only exported function (CommonJS exports included). */
function pickFactory(namespace: ModuleNamespace, spec: string): BackendFactory {
  const exported = { ...(typeof namespace.default === 'object' && namespace.default !== null ? (namespace.default as ModuleNamespace) : {}), ...namespace };
  for (const name of ['default', 'createBackend']) {
    if (typeof exported[name] === 'function') return exported[name] as BackendFactory;
  }
  const functions = Object.keys(exported).filter((name) => typeof exported[name] === 'function');
  if (functions.length === 1) return exported[functions[0]!] as BackendFactory;
  const found = functions.length > 1 ? ` (it exports ${functions.join(', ')}; which one?)` : '';
  throw new UsageError(`backend module ${spec} exports no backend factory: export it as default or createBackend${found}`);
}
