/** Input that cannot be certified at all, found before any case runs. */
export type CertificationInputReason = 'missing' | 'not-a-library' | 'wrong-architecture' | 'missing-exports' | 'wrong-kind';

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
