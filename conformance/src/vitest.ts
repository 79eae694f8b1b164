/**
 * The vitest adapter: one test per contract, so a backend proves itself with one call in
 * its own test file, the way @keyv/test-suite is used.
 *
 *   import { describeConformance } from '@ddikit/conformance/vitest';
 *   describeConformance('mine', createMyBackend);
 */
import type { BackendFactory } from '@ddikit/types';
import { describe, test } from 'vitest';
import { selectContracts } from './catalogue.js';
import { evidenceLines } from './format.js';
import { profileBackend, runContract, type BackendProfile } from './runner.js';
import type { BackendContract, ContractResult, RunOptions } from './types.js';

export type DescribeConformanceOptions = Omit<RunOptions, 'onResult'>;

/** The part of vitest's test context the adapter uses. */
export interface SkippableContext {
  skip(note?: string): never;
}

/** A FAIL or ERROR as the error a test fails with: the reason, then the evidence. */
export function resultError(result: ContractResult): Error {
  const evidence = result.evidence.flatMap(evidenceLines).map((line) => `  ${line}`);
  const error = new Error([`${result.id} ${result.status}: ${result.reason ?? ''}`, ...evidence].join('\n'));
  error.name = result.status === 'FAIL' ? 'ContractViolation' : 'CheckError';
  return error;
}

/** The body of one contract's test: runs it, skips at run time with the reason, throws on FAIL or ERROR. */
export function contractTest(
  contract: BackendContract,
  factory: BackendFactory,
  profile: () => Promise<BackendProfile>,
  options: DescribeConformanceOptions = {},
): (ctx: SkippableContext) => Promise<void> {
  return async (ctx) => {
    const seed = options.seed ?? 1;
    const limit = options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit };
    const result = await runContract(contract, { factory, profile: await profile(), seed, ...limit });
    if (result.status === 'SKIP') ctx.skip(result.reason);
    if (result.status === 'FAIL' || result.status === 'ERROR') throw resultError(result);
  };
}

/** Registers a describe block named `name` with one test per selected contract, named by its ID. */
export function describeConformance(name: string, factory: BackendFactory, options: DescribeConformanceOptions = {}): void {
  const contracts = selectContracts(options.contracts);
  // One profile per describe block, made by the first test that needs it.
  let profile: Promise<BackendProfile> | undefined;
  const getProfile = () => (profile ??= profileBackend(factory, { seed: options.seed ?? 1, ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }) }));
  describe(name, () => {
    for (const contract of contracts) test(contract.id, contractTest(contract, factory, getProfile, options));
  });
}
