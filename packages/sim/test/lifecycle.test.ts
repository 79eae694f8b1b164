import { BugCheckError, PoolType } from '@ddikit/types';
import { describe, expect, it } from 'vitest';
import { createSimBackend } from '../src/index.js';
import { allocate, kindOf, sim } from './helpers.js';

/** The addresses a fixed scenario gets. */
function scenario(seed: number): bigint[] {
  const be = sim({ seed });
  const a = allocate(be, 100);
  const b = be.kernel.exAllocatePoolWithTag(PoolType.NonPagedPoolNx, 10, 0);
  be.dot11ext.freeBuffer(a);
  return [a, b, allocate(be, 100), be.ndis.allocateMdl(1500).mdl, be.memory.allocateHost(64)];
}

describe('backend lifecycle: determinism, options, bug checks, close', () => {
  it('gives the same addresses for the same seed, and different ones for another seed', () => {
    expect(scenario(7)).toEqual(scenario(7));
    expect(scenario(1)).toEqual(scenario(1));
    expect(scenario(7)).not.toEqual(scenario(8));
  });

  it('places the heap and host memory in separate high user-mode regions', () => {
    const [dot11, , , , host] = scenario(1);
    expect(dot11! >> 40n).toBe(0x7fn);
    expect(host! >> 40n).toBe(0x5en);
  });

  it('declares every capability but threads and native modules', () => {
    const be = sim();
    expect(be.name).toBe('sim');
    expect(be.supports).toEqual({
      dot11ext: true, ndis: true, kernel: true, faultInjection: true, memoryLimit: true, guardBytes: true, poisoning: true,
      threads: false, nativeModules: false,
    });
    expect(be.modules).toBeUndefined();
  });

  it('rejects bad options with RangeError', () => {
    expect(() => createSimBackend({ memoryLimit: -1 })).toThrow(RangeError);
    expect(() => createSimBackend({ quarantineBytes: 1.5 })).toThrow(RangeError);
    expect(() => createSimBackend({ seed: 0.5 })).toThrow(RangeError);
  });

  it('with bugCheck: true records the violation and throws a BugCheckError carrying it', () => {
    const be = sim({ bugCheck: true });
    const p = allocate(be, 8);
    be.dot11ext.freeBuffer(p);
    let thrown: unknown;
    try {
      be.dot11ext.freeBuffer(p);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BugCheckError);
    const violation = (thrown as BugCheckError).violation;
    expect(kindOf(violation)).toBe('DOT11EXT_DOUBLE_FREE');
    expect(be.violations()).toEqual([violation]);
    expect((thrown as BugCheckError).message).toBe(violation.message);
  });

  it('without bugCheck logs and goes on', () => {
    const be = sim();
    expect(() => be.dot11ext.freeBuffer(0x10n)).not.toThrow();
    expect(be.violations()).toHaveLength(1);
  });

  it('close() verifies first: damage found there is a bug check on a bugCheck backend', () => {
    const be = createSimBackend({ bugCheck: true });
    const p = allocate(be, 8);
    be.memory.write(p + 8n, new Uint8Array([0]));
    expect(() => be.close()).toThrow(BugCheckError);
    expect(() => be.violations()).toThrow('backend is closed');
  });

  it('after close() every call throws "backend is closed"', () => {
    const be = createSimBackend();
    const p = allocate(be, 8);
    be.close();
    const calls: Array<() => unknown> = [
      () => be.dot11ext.allocateBuffer(1),
      () => be.dot11ext.freeBuffer(p),
      () => be.memory.read(p, 1),
      () => be.kernel.exFreePool(p),
      () => be.ndis.allocateMdl(1),
      () => be.host.deinitService(),
      () => be.irql.raise(2),
      () => be.faults.failNth(1),
      () => be.liveAllocations(),
      () => be.verify(),
      () => be.close(),
    ];
    for (const call of calls) expect(call).toThrow('backend is closed');
  });
});
