import type { Allocator, FaultTarget } from '@ddikit/types';

/** The core's allocator numbering. */
export const ALLOCATORS: readonly Allocator[] = ['dot11ext', 'pool', 'ndis-memory', 'io-mdl', 'ndis-mdl', 'net-mdl'];

export const FAULT_TARGETS: Record<FaultTarget, number> = { dot11ext: 1, kernel: 2, all: 3 };

/** Evidence fields present in a core violation record. */
export const EV = {
  ADDRESS: 1,
  SIZE: 2,
  ORDER: 4,
  ALLOCATED_BY: 8,
  HANDLER: 16,
  IRQL: 32,
  OFFSET: 64,
  ALLOCATOR: 128,
} as const;
