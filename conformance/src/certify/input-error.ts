import type { ModuleLoadErrorReason } from '@ddikit/types';

/**
 * Input that cannot be certified at all, found before any case runs: every reason a module
 * cannot be loaded, and a module of the other kind than the one asked for.
 */
export type CertificationInputReason = ModuleLoadErrorReason | 'wrong-kind';

export class CertificationInputError extends Error {
  readonly reason: CertificationInputReason;
  readonly path: string;
  constructor(reason: CertificationInputReason, path: string, message: string) {
    super(message);
    this.name = 'CertificationInputError';
    this.reason = reason;
    this.path = path;
  }
}
