/** The directory of the running module, from source (vitest), an ESM bundle or a CJS bundle. */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * From import.meta.url alone: a global __dirname is not this module's (`node -e` sets it to
 * '.'), and the CJS bundle gets import.meta.url from tsup's shims.
 */
export function moduleDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}
