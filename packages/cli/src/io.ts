/** What a command may touch of the process: passed in, so tests and other hosts can supply their own. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  /** A terminal's width, so a status line never wraps. */
  columns?: number;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  /** Where relative paths (--backend, --out) are resolved from. */
  cwd: string;
  env: Record<string, string | undefined>;
}

export const ExitCode = {
  /** Everything that ran passed. */
  OK: 0,
  /** A contract failed or errored. */
  FAILED: 1,
  /** Bad usage or input: the reason is one line on stderr. */
  USAGE: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake in how ddikit was called or what it was given: reported as one line, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The first line of an error's message: enough to act on, no stack. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}
