import { createSimBackend } from '@ddikit/sim';
import { describe, expect, test, vi } from 'vitest';
import { selectContracts } from '../src/catalogue.js';
import { profileBackend } from '../src/runner.js';
import { contractTest } from '../src/vitest.js';
import { brokenFactory, brokenVariants } from './broken-backends.js';

const [freeNull] = selectContracts(['dot11ext.free.null']);

describe('the vitest adapter', () => {
  test('skips at run time, with the reason, a contract the backend does not support', async () => {
    const profile = async () => ({ ...(await profileBackend(createSimBackend, { seed: 1 })), supports: { ...(await profileBackend(createSimBackend, { seed: 1 })).supports, dot11ext: false } });
    const skip = vi.fn((note?: string): never => {
      throw new Error(`skipped: ${note}`);
    });
    await expect(contractTest(freeNull!, createSimBackend, profile)({ skip })).rejects.toThrow('skipped: backend sim does not support dot11ext');
    expect(skip).toHaveBeenCalledOnce();
  });

  test('fails the test with the reason and the evidence when the contract fails', async () => {
    const variant = brokenVariants.find((v) => v.breaks === 'dot11ext.free.null')!;
    const factory = brokenFactory(variant);
    const skip = vi.fn((): never => {
      throw new Error('unexpected skip');
    });
    const run = contractTest(freeNull!, factory, () => profileBackend(factory, { seed: 1 }));
    await expect(run({ skip })).rejects.toThrow(/dot11ext\.free\.null FAIL: Dot11ExtFreeBuffer\(NULL\) returns instead of throwing\n {2}Dot11ExtFreeBuffer/);
    expect(skip).not.toHaveBeenCalled();
  });

  test('passes quietly when the contract holds', async () => {
    const skip = vi.fn((): never => {
      throw new Error('unexpected skip');
    });
    await expect(contractTest(freeNull!, createSimBackend, () => profileBackend(createSimBackend, { seed: 1 }))({ skip })).resolves.toBeUndefined();
  });
});
