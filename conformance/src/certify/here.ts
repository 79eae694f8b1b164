/** The directory of the running module, from source (vitest), an ESM bundle or a CJS bundle. */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __dirname: string | undefined;

export function moduleDir(): string {
  return typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
}
