/** The IRQL model: one processor's current level, with KeRaiseIrql/KeLowerIrql's rules. */
import { Irql, isValidIrql, type IrqlControl } from '@ddikit/types';
import type { ViolationLog } from './violation-log.js';

function checkLevel(level: number): Irql {
  if (!isValidIrql(level)) throw new RangeError(`an IRQL is an integer in 0..15, got ${String(level)}`);
  return level;
}

export class IrqlState implements IrqlControl {
  private level: Irql = Irql.PASSIVE_LEVEL;

  constructor(private readonly log: ViolationLog) {}

  get current(): Irql {
    return this.level;
  }

  raise(level: Irql): Irql {
    checkLevel(level);
    const previous = this.level;
    if (level < previous) {
      this.log.report('BAD_IRQL_RAISE', { service: 'KeRaiseIrql', irql: previous });
      return previous;
    }
    this.level = level;
    return previous;
  }

  lower(level: Irql): void {
    checkLevel(level);
    if (level > this.level) {
      this.log.report('BAD_IRQL_LOWER', { service: 'KeLowerIrql', irql: this.level });
      return;
    }
    this.level = level;
  }

  /** Above DISPATCH_LEVEL: where no MDL, pool or NDIS service may be called. */
  get aboveDispatch(): boolean {
    return this.level > Irql.DISPATCH_LEVEL;
  }
}
