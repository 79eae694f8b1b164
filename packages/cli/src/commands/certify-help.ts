/** What `ddikit certify --help` says is checked: the contracts of each kind of module, in catalogue order. */
import { KIND_CONTRACTS, type ExtensionKind } from '@ddikit/conformance';
import type { ExtensionContractId } from '@ddikit/types';

/** One line per contract; typed by ID, so a contract added to the catalogue must be described here. */
const GLOSS: Record<ExtensionContractId, string> = {
  'ext.init': 'both exports; InitService accepts version 0, refuses a bad one, leaves no handler NULL',
  'ext.return.allocated': 'every buffer returned to the OS came from Dot11ExtAllocateBuffer, live and large enough',
  'ext.return.untouched': 'a buffer returned to the OS is neither freed nor written afterwards',
  'ext.own.freed': "the DLL's own buffers and the OS's custom user data are freed with Dot11ExtFreeBuffer by DeinitService",
  'ext.oom': 'with the N-th allocation failing, each handler returns an error, does not crash, leaks nothing',
  'ext.no-call-after-deinit': 'no Dot11Ext* service is called after DeinitService',
  'ext.no-overrun': 'no write outside a buffer',
  'ext.crash': 'no crash (signal) in any handler',
  'ext.hang': 'every handler returns within the case time limit',
  'ndis.handler.mdl': 'the MDL describes the block (ByteCount, StartVa, Size, mapping), freed through the paired handler',
  'ndis.handler.irql': 'no kernel service above its IRQL at DISPATCH_LEVEL (no paged pool, no waits)',
  'ndis.handler.oom': 'with a kernel allocation failing, NetAllocateMdl returns NULL and leaks nothing',
  'ndis.handler.leak': 'NetFreeMdl releases the MDL and its block: no pool left at unload',
  'ndis.handler.crash': 'no crash (signal) in either handler',
  'ndis.handler.hang': 'both handlers return within the case time limit',
};

export function certifyDetails(): string[] {
  const kinds = Object.keys(KIND_CONTRACTS) as ExtensionKind[];
  const width = Math.max(...kinds.flatMap((kind) => KIND_CONTRACTS[kind].all.map((id) => id.length)));
  return kinds.flatMap((kind, i) => [
    ...(i > 0 ? [''] : []),
    `Contracts checked for --kind ${kind} (${KIND_CONTRACTS[kind].label}):`,
    ...KIND_CONTRACTS[kind].all.map((id) => `  ${id.padEnd(width)}  ${GLOSS[id]}`),
  ]);
}
