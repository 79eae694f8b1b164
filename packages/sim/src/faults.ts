/** Fault injection: which allocation attempts fail, systematically or at random, and a record of each. */
import { mulberry32, type FaultInjection, type FaultTarget, type InjectedFault } from '@ddikit/types';

type Plan =
  | { kind: 'nth'; target: FaultTarget; n: number }
  | { kind: 'random'; target: FaultTarget; probability: number; next: () => number };

const TARGETS: readonly FaultTarget[] = ['dot11ext', 'kernel', 'all'];

function checkTarget(target: FaultTarget): FaultTarget {
  if (!TARGETS.includes(target)) throw new RangeError(`fault target must be one of ${TARGETS.join(', ')}, got ${String(target)}`);
  return target;
}

export class FaultInjector implements FaultInjection {
  private plan: Plan | undefined;
  private counted = 0;
  private readonly record: InjectedFault[] = [];

  failNth(n: number, options: { target?: FaultTarget } = {}): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`failNth needs a positive integer, got ${String(n)}`);
    this.start({ kind: 'nth', target: checkTarget(options.target ?? 'all'), n });
  }

  failRandomly(options: { probability: number; seed: number; target?: FaultTarget }): void {
    const { probability, seed } = options;
    if (!(probability >= 0 && probability <= 1)) throw new RangeError(`probability must be in 0..1, got ${String(probability)}`);
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${String(seed)}`);
    this.start({ kind: 'random', target: checkTarget(options.target ?? 'all'), probability, next: mulberry32(seed) });
  }

  clear(): void {
    this.plan = undefined;
    this.counted = 0;
  }

  get attempts(): number {
    return this.counted;
  }

  injected(): InjectedFault[] {
    return this.record.map((fault) => ({ ...fault }));
  }

  get anyInjected(): boolean {
    return this.record.length > 0;
  }

  /**
   * One allocation attempt of `target` that passed its argument and IRQL checks: counts it
   * (when the plan covers it) and says whether it must fail, recording the fault if so.
   */
  attempt(target: Exclude<FaultTarget, 'all'>, service: string, size: number, handler: string | undefined): boolean {
    const plan = this.plan;
    if (plan && plan.target !== 'all' && plan.target !== target) return false;
    const attempt = ++this.counted;
    if (!plan) return false;
    const fail = plan.kind === 'nth' ? attempt === plan.n : plan.next() / 2 ** 32 < plan.probability;
    if (fail) this.record.push(handler === undefined ? { service, attempt, size } : { service, attempt, size, handler });
    return fail;
  }

  private start(plan: Plan): void {
    this.plan = plan;
    this.counted = 0;
  }
}
