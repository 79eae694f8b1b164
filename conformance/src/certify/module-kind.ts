/**
 * What a vendor module is, from what it exports: an IHV Extensions DLL exports the
 * Dot11ExtIhv* entry points, an NDIS handler module its NetAllocateMdl/NetFreeMdl pair.
 */
import { IHV_EXPORTS } from '@ddikit/types';
import type { ExtensionKind } from './cases.js';
import { CertificationInputError } from './input-error.js';

export const DEFAULT_NDIS_SYMBOLS = { allocate: 'NetAllocateMdl', free: 'NetFreeMdl' } as const;

export interface ModuleExports {
  ihv: string[];
  ndis: string[];
  /** The NDIS symbols looked for, in order: allocate, free. */
  ndisSymbols: readonly [string, string];
}

/** Every symbol to ask the loader about. */
export function symbolsToInspect(ndisSymbols: readonly [string, string]): string[] {
  return [...IHV_EXPORTS, ...ndisSymbols];
}

export function sortExports(exports: readonly string[], ndisSymbols: readonly [string, string]): ModuleExports {
  return {
    ihv: IHV_EXPORTS.filter((s) => exports.includes(s)),
    ndis: ndisSymbols.filter((s) => exports.includes(s)),
    ndisSymbols,
  };
}

/**
 * The kind to certify as: the one asked for if the module is of it, else the one its
 * exports show. An IHV module missing one of its two exports is still an IHV module (it
 * fails ext.init); an NDIS module needs both handlers to be driven at all.
 */
export function resolveKind(path: string, found: ModuleExports, asked?: ExtensionKind): ExtensionKind {
  const isIhv = found.ihv.length > 0;
  const ndisCount = found.ndis.length;
  const [allocate, free] = found.ndisSymbols;
  const neither = () =>
    new CertificationInputError('missing-exports', path, `${path} exports none of ${[...IHV_EXPORTS, allocate, free].join(', ')}: it is not an IHV extension or an NDIS handler module`);
  const halfNdis = () =>
    new CertificationInputError('missing-exports', path, `${path} exports ${found.ndis[0]} but not ${found.ndis[0] === allocate ? free : allocate}: an NDIS handler module exports both`);
  const kind = asked ?? (isIhv ? 'ihv' : ndisCount > 0 ? 'ndis' : undefined);
  if (kind === undefined) throw neither();
  if (kind === 'ihv' && !isIhv) {
    if (ndisCount > 0) throw new CertificationInputError('wrong-kind', path, `${path} is an NDIS handler module (it exports ${found.ndis.join(', ')}), not an IHV extension`);
    throw neither();
  }
  if (kind === 'ndis' && ndisCount < 2) {
    if (ndisCount === 1) throw halfNdis();
    if (isIhv) throw new CertificationInputError('wrong-kind', path, `${path} is an IHV extension (it exports ${found.ihv.join(', ')}), not an NDIS handler module`);
    throw neither();
  }
  return kind;
}
