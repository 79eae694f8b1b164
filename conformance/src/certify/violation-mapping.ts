/**
 * The one place that says which extension contract a backend violation breaks. A backend
 * reports host-side rules (dot11ext.*, kernel.*, ndis.mdl.*); certification reports them
 * against the vendor's code.
 */
import {
  BugCheck,
  formatBugCheck,
  formatPointer,
  type ExtensionContractId,
  type Violation,
  type ViolationKindName,
} from '@ddikit/types';
import type { ExtensionKind } from './cases.js';
import type { Observation } from './observation.js';

type ContractTable = Partial<Record<ViolationKindName, ExtensionContractId>>;

const IHV_CONTRACTS: ContractTable = {
  DOT11EXT_DOUBLE_FREE: 'ext.own.freed',
  DOT11EXT_FOREIGN_FREE: 'ext.own.freed',
  FREED_THROUGH_WRONG_HEAP: 'ext.own.freed',
  DOT11EXT_LEAK: 'ext.own.freed',
  TRANSFER_NOT_ALLOCATED: 'ext.return.allocated',
  TRANSFER_NOT_LIVE: 'ext.return.allocated',
  TRANSFER_NOT_OWNED: 'ext.return.allocated',
  TRANSFER_TOO_SMALL: 'ext.return.allocated',
  FREE_AFTER_TRANSFER: 'ext.return.untouched',
  WRITE_AFTER_TRANSFER: 'ext.return.untouched',
  DOT11EXT_OVERRUN: 'ext.no-overrun',
  DOT11EXT_UNDERRUN: 'ext.no-overrun',
  DOT11EXT_USE_AFTER_FREE: 'ext.no-overrun',
  CALL_AFTER_DEINIT: 'ext.no-call-after-deinit',
};

const NDIS_CONTRACTS: ContractTable = {
  PAGED_ALLOCATION_ABOVE_APC: 'ndis.handler.irql',
  NONPAGED_ALLOCATION_ABOVE_DISPATCH: 'ndis.handler.irql',
  PAGED_FREE_ABOVE_APC: 'ndis.handler.irql',
  NONPAGED_FREE_ABOVE_DISPATCH: 'ndis.handler.irql',
  WAIT_AT_DISPATCH: 'ndis.handler.irql',
  BAD_IRQL_RAISE: 'ndis.handler.irql',
  BAD_IRQL_LOWER: 'ndis.handler.irql',
  PAGED_TOUCHED_AT_DISPATCH: 'ndis.handler.irql',
  MDL_SERVICE_ABOVE_DISPATCH: 'ndis.handler.irql',
  MDL_FREE_ABOVE_DISPATCH: 'ndis.handler.irql',
  // The block behind an MDL is part of the MDL's contract: how it is made, freed and kept intact.
  POOL_ZERO_SIZE: 'ndis.handler.mdl',
  POOL_FREE_UNALLOCATED: 'ndis.handler.mdl',
  POOL_DOUBLE_FREE: 'ndis.handler.mdl',
  POOL_OVERRUN: 'ndis.handler.mdl',
  POOL_UNDERRUN: 'ndis.handler.mdl',
  POOL_USE_AFTER_FREE: 'ndis.handler.mdl',
  FREE_MECHANISM_MISMATCH: 'ndis.handler.mdl',
  MDL_BUILT_FOR_PAGED_POOL: 'ndis.handler.mdl',
  POOL_LEAK_AT_UNLOAD: 'ndis.handler.leak',
};

const TABLES: Record<ExtensionKind, ContractTable> = { ihv: IHV_CONTRACTS, ndis: NDIS_CONTRACTS };

/** The short stop code a report shows: 0xC4 with its VerifierCode, other bug checks alone. */
function stopCode(violation: Violation): string {
  return violation.code === BugCheck.DRIVER_VERIFIER_DETECTED_VIOLATION
    ? formatBugCheck(violation.code, violation.params[0])
    : formatBugCheck(violation.code);
}

/** A backend violation as a certification observation against the extension of `kind`. */
export function observeViolation(kind: ExtensionKind, violation: Violation): Observation {
  const rule = violation.kind;
  const contract = TABLES[kind][rule];
  if (!contract) throw new Error(`a ${rule} violation cannot happen while certifying an ${kind} extension: ${violation.message}`);
  const e = violation.evidence;
  // A leak is found at teardown, outside any handler: the handler that kept the block broke the rule.
  const brokenIn = e.handler ?? e.allocatedBy;
  return {
    contract,
    rule,
    message: violation.message,
    faultsInjected: violation.faultsInjected,
    evidence: {
      ...(e.address === undefined ? {} : { address: formatPointer(e.address) }),
      ...(e.size === undefined ? {} : { size: e.size }),
      ...(e.order === undefined ? {} : { order: e.order }),
      ...(e.allocatedBy === undefined ? {} : { allocatedBy: e.allocatedBy }),
      ...(brokenIn === undefined ? {} : { brokenIn }),
      code: stopCode(violation),
      ...(e.appVerifierStop === undefined ? {} : { appVerifierStop: e.appVerifierStop }),
    },
  };
}
