/** Which extension contracts certify which kind of module. */
import type { ExtensionContractId } from '@ddikit/types';
import type { ExtensionKind } from './cases.js';

interface KindContracts {
  /** Every contract that certifies this kind, in catalogue order. */
  all: readonly ExtensionContractId[];
  oom: ExtensionContractId;
  crash: ExtensionContractId;
  hang: ExtensionContractId;
  /** How a report names the kind. */
  label: string;
}

export const KIND_CONTRACTS: Record<ExtensionKind, KindContracts> = {
  ihv: {
    all: ['ext.init', 'ext.return.allocated', 'ext.return.untouched', 'ext.own.freed', 'ext.oom', 'ext.no-call-after-deinit', 'ext.no-overrun', 'ext.crash', 'ext.hang'],
    oom: 'ext.oom',
    crash: 'ext.crash',
    hang: 'ext.hang',
    label: 'IHV Extensions DLLs',
  },
  ndis: {
    all: ['ndis.handler.mdl', 'ndis.handler.irql', 'ndis.handler.oom', 'ndis.handler.leak', 'ndis.handler.crash', 'ndis.handler.hang'],
    oom: 'ndis.handler.oom',
    crash: 'ndis.handler.crash',
    hang: 'ndis.handler.hang',
    label: 'NDIS MDL handler modules',
  },
};
