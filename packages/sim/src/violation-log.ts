/** Every violation, in order, built the way every backend builds them. */
import { BugCheckError, ViolationKinds, buildViolation, type Evidence, type Violation, type ViolationKindName } from '@ddikit/types';

export interface ViolationLogOptions {
  /** Throw a BugCheckError at each violation, after recording it. */
  bugCheck: boolean;
  faultsInjected: () => boolean;
  currentHandler: () => string | undefined;
}

export class ViolationLog {
  private readonly recorded: Violation[] = [];

  constructor(private readonly options: ViolationLogOptions) {}

  /** Records a broken rule; the handler running now is added to the evidence. */
  report(kind: ViolationKindName, evidence: Omit<Evidence, 'handler'>): Violation {
    const handler = this.options.currentHandler();
    const full: Evidence = handler === undefined ? evidence : { ...evidence, handler };
    const violation = buildViolation(ViolationKinds[kind], full, this.options.faultsInjected());
    this.recorded.push(violation);
    if (this.options.bugCheck) throw new BugCheckError(violation);
    return violation;
  }

  get count(): number {
    return this.recorded.length;
  }

  /** Violations recorded since the log held `count` of them. */
  since(count: number): Violation[] {
    return this.recorded.slice(count);
  }

  all(): Violation[] {
    return [...this.recorded];
  }
}
