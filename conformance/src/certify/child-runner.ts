/**
 * Runs worker jobs in child processes with a time limit, and turns how a child ended into
 * an outcome: its answer, a signal (a crash in the handler it last entered), or the time
 * limit (a hang there).
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { moduleDir } from './here.js';
import { WORKER_STDIO, EVENT_FD, type WorkerEvent, type WorkerJob } from './worker-protocol.js';

/**
 * The built worker (dist/certify/worker.js), found from the bundle in dist/ or from source in
 * src/certify. DDIKIT_CERTIFY_WORKER names a worker built elsewhere, for a packager.
 */
export function workerEntry(): string {
  const elsewhere = process.env.DDIKIT_CERTIFY_WORKER;
  if (elsewhere) return elsewhere;
  const here = moduleDir();
  const candidates = [join(here, 'certify', 'worker.js'), join(here, '..', '..', 'dist', 'certify', 'worker.js')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`the certification worker is not built (looked for ${candidates.join(', ')}): run pnpm --filter @ddikit/conformance build`);
  return found;
}

export type ChildEnd =
  | { end: 'answered'; answer: WorkerEvent }
  | { end: 'signal'; signal: string; handler?: string }
  | { end: 'timeout'; timeoutMs: number; handler?: string }
  | { end: 'exit'; code: number | null; stderr: string; handler?: string };

/** Keeps the last few KiB of stderr: enough for an error message, bounded for a chatty module. */
const STDERR_TAIL = 4096;

export function runInChild(job: WorkerJob, timeoutMs: number, onEnter: (handler: string) => void = () => {}): Promise<ChildEnd> {
  return new Promise((resolve) => {
    const child = fork(workerEntry(), [], { stdio: [...WORKER_STDIO], serialization: 'json' });
    let handler: string | undefined;
    let answer: WorkerEvent | undefined;
    let stderr = '';
    let timedOut = false;
    let pending = '';
    const events = child.stdio[EVENT_FD] as Readable;
    events.setEncoding('utf8');
    events.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const event = JSON.parse(pending.slice(0, newline)) as WorkerEvent;
        pending = pending.slice(newline + 1);
        if (event.event === 'enter') {
          handler = event.handler;
          onEnter(event.handler);
        } else {
          answer = event;
        }
      }
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    // 'close' comes after the pipes drained, so every event the worker wrote has been read.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const at = handler === undefined ? {} : { handler };
      if (answer) resolve({ end: 'answered', answer });
      else if (timedOut) resolve({ end: 'timeout', timeoutMs, ...at });
      else if (signal) resolve({ end: 'signal', signal, ...at });
      else resolve({ end: 'exit', code, stderr: stderr.trim(), ...at });
    });
    child.send(job);
  });
}
