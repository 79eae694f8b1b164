/** Puts a report where the user asked: stdout, or a file (created, or replaced only with --force). */
import { writeFileSync } from 'node:fs';
import type { Io } from './io.js';
import { UsageError } from './io.js';
import type { OutTarget } from './options.js';

export function emit(text: string, out: OutTarget | undefined, io: Io): void {
  if (!out) {
    io.stdout.write(text);
    return;
  }
  try {
    // 'wx' fails if the file appeared since the options were checked: still no silent overwrite.
    writeFileSync(out.path, text, { flag: out.overwrite ? 'w' : 'wx' });
  } catch (error) {
    throw new UsageError(`cannot write ${out.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
