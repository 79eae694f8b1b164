/**
 * Turns an IHV extension written in TypeScript (functions named like the C exports and
 * handlers, taking backend pointers) into the IhvExtension certification drives.
 */
import { DOT11EXT_IHV_HANDLERS, type Backend, type IhvExtension, type IhvHandler, type MemoryAccess, type Pointer } from '@ddikit/types';
import { createDot11ExtApis, type Dot11ExtApis } from './dot11ext-apis.js';

type Handler<F> = F | null;

/** DOT11EXT_IHV_HANDLERS, to be filled in by Dot11ExtIhvInitService. */
export interface IhvHandlerTable extends Record<IhvHandler, Handler<(...args: never[]) => unknown>> {
  Dot11ExtIhvDeinitService: Handler<() => void>;
  Dot11ExtIhvInitAdapter: Handler<(pDot11Adapter: Pointer, hDot11SvcHandle: Pointer, phIhvExtAdapter: Pointer) => number>;
  Dot11ExtIhvDeinitAdapter: Handler<(hIhvExtAdapter: Pointer) => void>;
  Dot11ExtIhvPerformPreAssociate: Handler<
    (hIhvExtAdapter: Pointer, hConnectSession: Pointer, pIhvProfileParams: Pointer, pIhvConnProfile: Pointer, pIhvSecProfile: Pointer, pConnectableBssid: Pointer, pdwReasonCode: Pointer) => number
  >;
  Dot11ExtIhvCreateDiscoveryProfiles: Handler<
    (hIhvExtAdapter: Pointer, bInsecure: number, pIhvProfileParams: Pointer, pConnectableBssid: Pointer, pIhvDiscoveryProfileList: Pointer, pdwReasonCode: Pointer) => number
  >;
  Dot11ExtIhvQueryUIRequest: Handler<(hIhvExtAdapter: Pointer, connectionPhase: number, ppIhvUIRequest: Pointer) => number>;
}

/** The two exports of an IHV Extensions DLL. */
export interface TsIhvModule {
  Dot11ExtIhvGetVersionInfo(pDot11IHVVersionInfo: Pointer): number;
  Dot11ExtIhvInitService(dwVerNumUsed: number, pDot11ExtAPI: Dot11ExtApis, pvReserved: Pointer, pDot11IHVHandlers: IhvHandlerTable): number;
}

export interface TsIhvDefinition {
  name: string;
  /** One loaded instance, with state of its own; it reads and writes the backend's memory. */
  create(memory: MemoryAccess): TsIhvModule;
}

function emptyTable(): IhvHandlerTable {
  return Object.fromEntries(DOT11EXT_IHV_HANDLERS.map((h) => [h, null])) as unknown as IhvHandlerTable;
}

export function ihvExtensionFromTs(be: Backend, definition: TsIhvDefinition): IhvExtension {
  const module = definition.create(be.memory);
  const apis = createDot11ExtApis(be);
  const handlers = emptyTable();
  const handler = <K extends IhvHandler>(name: K): NonNullable<IhvHandlerTable[K]> => {
    const fn = handlers[name];
    if (!fn) throw new Error(`${definition.name}: ${name} is NULL`);
    return fn as NonNullable<IhvHandlerTable[K]>;
  };
  return {
    source: definition.name,
    getVersionInfo: (p) => module.Dot11ExtIhvGetVersionInfo(p),
    initService(dwVerNumUsed, pvReserved) {
      const status = module.Dot11ExtIhvInitService(dwVerNumUsed, apis, pvReserved, handlers);
      return { status, nullHandlers: DOT11EXT_IHV_HANDLERS.filter((h) => handlers[h] === null) };
    },
    initAdapter: (...args) => handler('Dot11ExtIhvInitAdapter')(...args),
    deinitAdapter: (h) => handler('Dot11ExtIhvDeinitAdapter')(h),
    performPreAssociate: (...args) => handler('Dot11ExtIhvPerformPreAssociate')(...args),
    createDiscoveryProfiles: (...args) => handler('Dot11ExtIhvCreateDiscoveryProfiles')(...args),
    queryUIRequest: (...args) => handler('Dot11ExtIhvQueryUIRequest')(...args),
    deinitService: () => handler('Dot11ExtIhvDeinitService')(),
    close: () => {},
  };
}
