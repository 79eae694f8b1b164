/**
 * The catalogue of extension contracts, in the order of SPEC section 3: what each one
 * certifies, for which kind of module, and the sentence of the SPEC it enforces.
 */
import { EXTENSION_CONTRACTS, type ExtensionContractId } from '@ddikit/types';
import type { ExtensionKind } from './cases.js';

/** An extension contract as data, as backendContracts describes the backend ones. */
export interface ExtensionContract {
  id: ExtensionContractId;
  /** The kind of module it certifies. */
  kind: ExtensionKind;
  /** The sentence (or, for a row that covers several contracts, the part) of SPEC section 3 it enforces. */
  source: string;
  /** The rule in one short line, for help texts. */
  summary: string;
}

type Entry = Omit<ExtensionContract, 'id'>;

const DEATH = 'a crash (signal) or a hang (time limit) in the extension is a reported failure naming the handler and the case; the run goes on with the next case';
/** The subject of the SPEC's ndis.handler.* row, which each of its clauses completes. */
const NDIS_PAIR = "a vendor's NetAllocateMdl/NetFreeMdl pair, called at DISPATCH_LEVEL,";

/** Keyed by ID, so a contract added to @ddikit/types must be described here. */
const ENTRIES: Record<ExtensionContractId, Entry> = {
  'ext.init': {
    kind: 'ihv',
    source: 'the two exports exist; InitService returns ERROR_SUCCESS for version 0 and leaves no handler NULL; a bad version is refused',
    summary: 'both exports; InitService accepts version 0, refuses a bad one, leaves no handler NULL',
  },
  'ext.return.allocated': {
    kind: 'ihv',
    source: 'every buffer a handler returns to the OS (discovery profile array and its XML strings, UI request) came from Dot11ExtAllocateBuffer, is live, owned by the DLL and large enough for what it claims to hold',
    summary: 'every buffer returned to the OS came from Dot11ExtAllocateBuffer, live and large enough',
  },
  'ext.return.untouched': {
    kind: 'ihv',
    source: 'after returning it, the DLL neither frees nor writes a transferred buffer',
    summary: 'a buffer returned to the OS is neither freed nor written afterwards',
  },
  'ext.own.freed': {
    kind: 'ihv',
    source: 'everything the DLL allocated for itself, and everything the OS handed it (custom user data), is freed with Dot11ExtFreeBuffer by DeinitService: no leak, no free() of a host buffer, no double free',
    summary: "the DLL's own buffers and the OS's custom user data are freed with Dot11ExtFreeBuffer by DeinitService",
  },
  'ext.oom': {
    kind: 'ihv',
    source: 'with the N-th allocation failing, for every N up to the last allocation the call makes (the systematic sweep), each handler returns an error (not ERROR_SUCCESS with a partial or NULL result), does not crash, and leaks nothing',
    summary: 'with the N-th allocation failing, each handler returns an error, does not crash, leaks nothing',
  },
  'ext.no-call-after-deinit': {
    kind: 'ihv',
    source: 'no Dot11Ext* service is called after DeinitService',
    summary: 'no Dot11Ext* service is called after DeinitService',
  },
  'ext.no-overrun': {
    kind: 'ihv',
    source: "no write outside any buffer's bounds",
    summary: 'no write outside a buffer',
  },
  'ext.crash': { kind: 'ihv', source: DEATH, summary: 'no crash (signal) in any handler' },
  'ext.hang': { kind: 'ihv', source: DEATH, summary: 'every handler returns within the case time limit' },
  'ndis.handler.mdl': {
    kind: 'ndis',
    source: `${NDIS_PAIR} meets every ndis.mdl.* contract`,
    summary: 'the MDL describes the block (ByteCount, StartVa, Size, mapping), freed through the paired handler',
  },
  'ndis.handler.irql': {
    kind: 'ndis',
    source: `${NDIS_PAIR} calls no service above its IRQL`,
    summary: 'no kernel service above its IRQL at DISPATCH_LEVEL (no paged pool, no waits)',
  },
  'ndis.handler.oom': {
    kind: 'ndis',
    source: `${NDIS_PAIR} under a fault sweep of the kernel services it uses returns NULL without leaking`,
    summary: 'with a kernel allocation failing, NetAllocateMdl returns NULL and leaks nothing',
  },
  // Pool left at unload without any fault means NetFreeMdl did not release what NetAllocateMdl
  // made: ndis.mdl.free-same-mechanism, one of the ndis.mdl.* contracts the pair must meet.
  'ndis.handler.leak': {
    kind: 'ndis',
    source: `${NDIS_PAIR} meets every ndis.mdl.* contract`,
    summary: 'NetFreeMdl releases the MDL and its block: no pool left at unload',
  },
  // The SPEC's crash and hang row speaks of any extension, NDIS handler pairs included.
  'ndis.handler.crash': { kind: 'ndis', source: DEATH, summary: 'no crash (signal) in either handler' },
  'ndis.handler.hang': { kind: 'ndis', source: DEATH, summary: 'both handlers return within the case time limit' },
};

/** Every extension contract, in the order @ddikit/types lists them. */
export const extensionContracts: readonly ExtensionContract[] = EXTENSION_CONTRACTS.map((id) => ({ id, ...ENTRIES[id] }));

interface KindContracts {
  /** Every contract that certifies this kind, in catalogue order. */
  all: readonly ExtensionContractId[];
  /** The contracts a run with injected faults, a crash and a hang count against. */
  oom: ExtensionContractId;
  crash: ExtensionContractId;
  hang: ExtensionContractId;
  /** How a report names the kind. */
  label: string;
}

/** The contracts that certify a module of `kind`: the only ones its report lists. */
export function contractsOfKind(kind: ExtensionKind): readonly ExtensionContract[] {
  return extensionContracts.filter((c) => c.kind === kind);
}

const ofKind = (kind: ExtensionKind) => contractsOfKind(kind).map((c) => c.id);

export const KIND_CONTRACTS: Record<ExtensionKind, KindContracts> = {
  ihv: { all: ofKind('ihv'), oom: 'ext.oom', crash: 'ext.crash', hang: 'ext.hang', label: 'IHV Extensions DLLs' },
  ndis: { all: ofKind('ndis'), oom: 'ndis.handler.oom', crash: 'ndis.handler.crash', hang: 'ndis.handler.hang', label: 'NDIS MDL handler modules' },
};

/** The kinds of module certification knows, in the order help and listings show them. */
export const EXTENSION_KINDS = Object.keys(KIND_CONTRACTS) as readonly ExtensionKind[];
