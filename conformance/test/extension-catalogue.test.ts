import { EXTENSION_CONTRACTS } from '@ddikit/types';
import { describe, expect, test } from 'vitest';
import { EXTENSION_KINDS, extensionContracts, KIND_CONTRACTS } from '../src/index.js';

describe('the extension catalogue', () => {
  test('describes every extension contract, in the order @ddikit/types lists them, with its source and a summary', () => {
    expect(extensionContracts.map((c) => c.id)).toEqual([...EXTENSION_CONTRACTS]);
    for (const c of extensionContracts) expect([c.source, c.summary]).not.toContain('');
  });

  test('each kind certifies its own contracts, and its OOM, crash and hang contracts are among them', () => {
    expect(EXTENSION_KINDS).toEqual(['ihv', 'ndis']);
    expect(EXTENSION_KINDS.flatMap((kind) => KIND_CONTRACTS[kind].all)).toEqual([...EXTENSION_CONTRACTS]);
    for (const kind of EXTENSION_KINDS) {
      const { all, oom, crash, hang } = KIND_CONTRACTS[kind];
      expect(all).toEqual(extensionContracts.filter((c) => c.kind === kind).map((c) => c.id));
      expect(all).toEqual(expect.arrayContaining([oom, crash, hang]));
    }
  });
});
