/** ANSI colour, only where a person reads a terminal: a TTY, and NO_COLOR not set (no-color.org). */
import type { ContractStatus } from '../types.js';

export interface ColorTarget {
  isTTY?: boolean;
}

export function shouldColor(stream: ColorTarget | undefined, env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(stream?.isTTY) && !env.NO_COLOR;
}

export interface Palette {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  magenta(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function palette(color: boolean): Palette {
  if (!color) {
    const plain = (text: string) => text;
    return { green: plain, red: plain, yellow: plain, magenta: plain, dim: plain, bold: plain };
  }
  return { green: ansi(32, 39), red: ansi(31, 39), yellow: ansi(33, 39), magenta: ansi(35, 39), dim: ansi(2, 22), bold: ansi(1, 22) };
}

/** The colour of each verdict, the same in every terminal report. */
export const statusColor: Record<ContractStatus, keyof Palette> = { PASS: 'green', FAIL: 'red', ERROR: 'magenta', SKIP: 'yellow' };
