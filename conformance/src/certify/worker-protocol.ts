/**
 * What a certification worker is asked and what it answers. The job goes over the IPC
 * channel; answers go over a pipe on EVENT_FD, written synchronously, so "entering X" is in
 * the pipe before X runs and survives the worker being killed by a signal inside X.
 */
import type { CaseOutcome, CaseSpec, ExtensionKind } from './cases.js';

/** The fork's stdio: no stdin/stdout (vendor code may print), stderr kept for errors, IPC, events. */
export const WORKER_STDIO = ['ignore', 'ignore', 'pipe', 'ipc', 'pipe'] as const;
export const EVENT_FD = 4;

export interface BackendSpec {
  /** A module specifier the worker can import ('@ddikit/native', or a file path). */
  module: string;
  /** The factory's export name ('createNativeBackend'). */
  export: string;
}

export interface NdisSymbols {
  allocate?: string;
  free?: string;
}

export type WorkerJob =
  | { task: 'inspect'; backend: BackendSpec; path: string; symbols: string[] }
  | { task: 'case'; backend: BackendSpec; path: string; kind: ExtensionKind; spec: CaseSpec; seed: number; ndisSymbols: NdisSymbols };

export type WorkerEvent =
  | { event: 'enter'; handler: string }
  | { event: 'case-done'; outcome: CaseOutcome }
  | { event: 'inspected'; backendName: string; exports: string[] }
  /** reason is a ModuleLoadError's reason, or undefined for anything else. */
  | { event: 'inspect-failed'; reason?: string; message: string };
