import { Irql, VerifierCode } from '@ddikit/types';
import { describe, expect, it } from 'vitest';
import { kinds, recorded, sim } from './helpers.js';

describe('IRQL', () => {
  it('starts at PASSIVE_LEVEL; raise returns the previous level and lower goes back', () => {
    const be = sim();
    expect(be.irql.current).toBe(Irql.PASSIVE_LEVEL);
    expect(be.irql.raise(Irql.DISPATCH_LEVEL)).toBe(Irql.PASSIVE_LEVEL);
    expect(be.irql.raise(Irql.DISPATCH_LEVEL)).toBe(Irql.DISPATCH_LEVEL);
    be.irql.lower(Irql.APC_LEVEL);
    expect(be.irql.current).toBe(Irql.APC_LEVEL);
    expect(be.violations()).toEqual([]);
  });

  it('reports a raise below the current level (0xC4/0x30) and changes nothing', () => {
    const be = sim();
    be.irql.raise(Irql.DISPATCH_LEVEL);
    expect(be.irql.raise(Irql.APC_LEVEL)).toBe(Irql.DISPATCH_LEVEL);
    expect(be.irql.current).toBe(Irql.DISPATCH_LEVEL);
    const [v] = be.violations();
    expect(kinds([v!])).toEqual(['BAD_IRQL_RAISE']);
    expect(v!.params[0]).toBe(BigInt(VerifierCode.BAD_IRQL_RAISE));
    expect(v!.evidence).toEqual({ service: 'KeRaiseIrql', irql: Irql.DISPATCH_LEVEL });
  });

  it('reports a lower above the current level (0xC4/0x31) and changes nothing', () => {
    const be = sim();
    be.irql.lower(Irql.APC_LEVEL);
    expect(be.irql.current).toBe(Irql.PASSIVE_LEVEL);
    expect(recorded(be)).toEqual(['BAD_IRQL_LOWER']);
  });

  it('throws RangeError for a level that is not an integer 0..15', () => {
    const be = sim();
    for (const level of [-1, 16, 1.5]) {
      expect(() => be.irql.raise(level)).toThrow(RangeError);
      expect(() => be.irql.lower(level)).toThrow(RangeError);
    }
    expect(be.violations()).toEqual([]);
  });
});
