/** What `ddikit certify --help` says is checked: the contracts of each kind of module, from the catalogue. */
import { EXTENSION_KINDS, extensionContracts, KIND_CONTRACTS } from '@ddikit/conformance';
import { columnLines } from '../help.js';

export function certifyDetails(): string[] {
  return EXTENSION_KINDS.flatMap((kind, i) => [
    ...(i > 0 ? [''] : []),
    `Contracts checked for --kind ${kind} (${KIND_CONTRACTS[kind].label}):`,
    ...columnLines(extensionContracts.filter((c) => c.kind === kind).map((c) => [c.id, c.summary])),
  ]);
}
