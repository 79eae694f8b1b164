/**
 * The contract IDs of the catalogue (SPEC section 3). IDs are stable: reports, JUnit test
 * names and `--contract` globs use them.
 */

export const DOT11EXT_CONTRACTS = [
  'dot11ext.alloc.success',
  'dot11ext.alloc.null-on-failure',
  'dot11ext.alloc.extreme-sizes',
  'dot11ext.free.null',
  'dot11ext.free.double',
  'dot11ext.free.foreign',
  'dot11ext.free.overrun',
  'dot11ext.free.use-after-free',
  'dot11ext.ownership.transfer',
  'dot11ext.ownership.leak',
] as const;

export const NDIS_CONTRACTS = [
  'ndis.mdl.success',
  'ndis.mdl.null-on-failure',
  'ndis.mdl.irql',
  'ndis.mdl.nonpaged',
  'ndis.mdl.free-same-mechanism',
  'ndis.retreat',
] as const;

export const KERNEL_CONTRACTS = ['kernel.irql.pool', 'kernel.pool.integrity', 'kernel.pool.leak'] as const;

/** Contracts that check the host side: the allocator and services a backend provides. */
export const BACKEND_CONTRACTS = [...DOT11EXT_CONTRACTS, ...NDIS_CONTRACTS, ...KERNEL_CONTRACTS] as const;

/** Contracts that certify an extension under test running on a backend. */
export const EXTENSION_CONTRACTS = [
  'ext.init',
  'ext.return.allocated',
  'ext.return.untouched',
  'ext.own.freed',
  'ext.oom',
  'ext.no-call-after-deinit',
  'ext.no-overrun',
  'ext.crash',
  'ext.hang',
  'ndis.handler.mdl',
  'ndis.handler.irql',
  'ndis.handler.oom',
  'ndis.handler.leak',
  'ndis.handler.crash',
  'ndis.handler.hang',
] as const;

export type BackendContractId = (typeof BACKEND_CONTRACTS)[number];
export type ExtensionContractId = (typeof EXTENSION_CONTRACTS)[number];
export type ContractId = BackendContractId | ExtensionContractId;

export type ContractFamily = 'dot11ext' | 'ndis' | 'kernel' | 'extension';

export function contractFamily(id: ContractId): ContractFamily {
  if (id.startsWith('dot11ext.')) return 'dot11ext';
  if (id.startsWith('kernel.')) return 'kernel';
  if (id.startsWith('ndis.handler.') || id.startsWith('ext.')) return 'extension';
  return 'ndis';
}

export function isContractId(text: string): text is ContractId {
  return (BACKEND_CONTRACTS as readonly string[]).includes(text) || (EXTENSION_CONTRACTS as readonly string[]).includes(text);
}
