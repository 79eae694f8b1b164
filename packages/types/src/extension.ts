/**
 * Extensions as the OS sees them. Certification drives an extension only through these
 * interfaces, so the same scenarios run against a vendor's shared library (loaded by a
 * backend that supports native modules) and against an extension written in TypeScript.
 *
 * Every argument that is a pointer in the C prototype is a Pointer into the backend's
 * address space; the caller builds the inputs there (memory.allocateHost).
 */
import type { IhvHandler } from './abi.js';
import type { HandlerRef, NetAllocateMdlHandler, NetFreeMdlHandler } from './backend.js';
import type { Pointer } from './pointer.js';

/** DOT11EXT_IHV_CONNECTION_PHASE */
export const ConnectionPhase = {
  connection_phase_any: 0,
  connection_phase_initial_connection: 1,
  connection_phase_post_l3_connection: 2,
} as const;

/** An IHV Extensions DLL: its two exports, and the handlers InitService filled in. */
export interface IhvExtension {
  /** Where it came from: a file path, or a name for an extension written in TypeScript. */
  readonly source: string;
  /** Dot11ExtIhvGetVersionInfo(PDOT11_IHV_VERSION_INFO). */
  getVersionInfo(pDot11IHVVersionInfo: Pointer): number;
  /**
   * Dot11ExtIhvInitService(dwVerNumUsed, the backend's DOT11EXT_APIS, pvReserved, a zeroed
   * DOT11EXT_IHV_HANDLERS). Returns the status and the handlers left NULL.
   */
  initService(dwVerNumUsed: number, pvReserved: Pointer): { status: number; nullHandlers: IhvHandler[] };
  /** Dot11ExtIhvInitAdapter(PDOT11_ADAPTER, HANDLE hDot11SvcHandle, PHANDLE phIhvExtAdapter). */
  initAdapter(pDot11Adapter: Pointer, hDot11SvcHandle: Pointer, phIhvExtAdapter: Pointer): number;
  /** Dot11ExtIhvDeinitAdapter(HANDLE hIhvExtAdapter). */
  deinitAdapter(hIhvExtAdapter: Pointer): void;
  /** Dot11ExtIhvPerformPreAssociate: where a DLL reads the profile's custom user data. */
  performPreAssociate(
    hIhvExtAdapter: Pointer,
    hConnectSession: Pointer,
    pIhvProfileParams: Pointer,
    pIhvConnProfile: Pointer,
    pIhvSecProfile: Pointer,
    pConnectableBssid: Pointer,
    pdwReasonCode: Pointer,
  ): number;
  /** Dot11ExtIhvCreateDiscoveryProfiles: fills the list the OS passes; the OS frees what it points to. */
  createDiscoveryProfiles(
    hIhvExtAdapter: Pointer,
    bInsecure: number,
    pIhvProfileParams: Pointer,
    pConnectableBssid: Pointer,
    pIhvDiscoveryProfileList: Pointer,
    pdwReasonCode: Pointer,
  ): number;
  /** Dot11ExtIhvQueryUIRequest: stores a Dot11ExtAllocateBuffer'd request at *ppIhvUIRequest; the OS frees it. */
  queryUIRequest(hIhvExtAdapter: Pointer, connectionPhase: number, ppIhvUIRequest: Pointer): number;
  /** Dot11ExtIhvDeinitService. */
  deinitService(): void;
  /** Unloads the module. */
  close(): void;
}

/** A NetAllocateMdl/NetFreeMdl pair under test. */
export interface NdisHandlerPair {
  readonly source: string;
  /** Calls the allocate handler directly. */
  allocateMdl: NetAllocateMdlHandler;
  /** Calls the free handler directly. */
  freeMdl: NetFreeMdlHandler;
  /** What to pass to Retreat/Advance for each handler (a C function pointer on native). */
  readonly allocateMdlRef: HandlerRef<NetAllocateMdlHandler>;
  readonly freeMdlRef: HandlerRef<NetFreeMdlHandler>;
  /** Unloads the module (then call host.unloadDriver() for the leak check). */
  close(): void;
}

/** What a shared library exports, for telling an IHV extension from an NDIS handler module. */
export interface ModuleInfo {
  path: string;
  /** The symbols of interest that the module exports. */
  exports: string[];
}

/** Loads vendor modules; present on backends whose supports.nativeModules is true. */
export interface ModuleLoader {
  /**
   * Opens a shared library and lists which of `symbols` it exports. Throws a
   * ModuleLoadError for a missing file, a file that is not a shared library, or one for
   * another architecture.
   */
  inspect(path: string, symbols: readonly string[]): ModuleInfo;
  loadIhvExtension(path: string): IhvExtension;
  loadNdisHandlers(path: string, symbols?: { allocate?: string; free?: string }): NdisHandlerPair;
}

export type ModuleLoadErrorReason = 'missing' | 'not-a-library' | 'wrong-architecture' | 'missing-exports';

/** A module that cannot be loaded as asked, with a one-line reason a person can act on. */
export class ModuleLoadError extends Error {
  readonly reason: ModuleLoadErrorReason;
  readonly path: string;
  constructor(reason: ModuleLoadErrorReason, path: string, message: string) {
    super(message);
    this.name = 'ModuleLoadError';
    this.reason = reason;
    this.path = path;
  }
}
