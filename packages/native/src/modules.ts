/**
 * Loads vendor modules: IHV Extensions DLLs (built as shared libraries against
 * include/ddikit/wlanihv.h) and NDIS NetAllocateMdl/NetFreeMdl handler modules (built
 * against include/ddikit/ndis.h). The core is already loaded with RTLD_GLOBAL, so the
 * Windows services a module calls resolve to it at load time.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import {
  checkSize,
  DOT11EXT_IHV_HANDLERS,
  DOT11EXT_IHV_HANDLERS_SIZE,
  IHV_EXPORTS,
  ModuleLoadError,
  type HostServices,
  type IhvExtension,
  type IhvHandler,
  type MemoryAccess,
  type ModuleInfo,
  type ModuleLoader,
  type NdisHandlerPair,
  type Pointer,
} from '@ddikit/types';
import koffi, { type LibraryHandle } from 'koffi';
import { arg, core, protos, ptr } from './library.js';

const ELF_MACHINES: Record<string, number> = { x64: 62, arm64: 183, ia32: 3, arm: 40, riscv64: 243, ppc64: 21, s390x: 22 };
const MACHO_CPUS: Record<string, number> = { x64: 0x01000007, arm64: 0x0100000c };

function describeMachine(machine: number): string {
  const name = Object.entries(ELF_MACHINES).find(([, m]) => m === machine)?.[0];
  return name ?? `ELF machine ${machine}`;
}

/** Checks the file is a shared library for this process's architecture, by its header. */
function checkFile(path: string): void {
  if (!existsSync(path)) throw new ModuleLoadError('missing', path, `${path}: no such file`);
  if (!statSync(path).isFile()) throw new ModuleLoadError('not-a-library', path, `${path}: not a file`);
  const header = Buffer.alloc(64);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, header, 0, 64, 0);
  } finally {
    closeSync(fd);
  }
  const view = new DataView(header.buffer, header.byteOffset, n);
  const isElf = n >= 20 && header[0] === 0x7f && header[1] === 0x45 && header[2] === 0x4c && header[3] === 0x46;
  if (isElf) {
    const little = header[5] === 1;
    const type = view.getUint16(16, little);
    const machine = view.getUint16(18, little);
    const expected = ELF_MACHINES[process.arch];
    if (expected !== undefined && machine !== expected) {
      throw new ModuleLoadError(
        'wrong-architecture',
        path,
        `${path} is built for ${describeMachine(machine)}, this process is ${process.arch}: rebuild it for ${process.arch}`,
      );
    }
    if (type !== 3) {
      throw new ModuleLoadError('not-a-library', path, `${path} is an ELF file but not a shared library (build it with -shared -fPIC)`);
    }
    return;
  }
  const magic = n >= 8 ? view.getUint32(0, false) : 0;
  const machoLE = magic === 0xcffaedfe || magic === 0xcefaedfe;
  const machoBE = magic === 0xfeedfacf || magic === 0xfeedface;
  if (machoLE || machoBE) {
    const cpu = view.getUint32(4, machoLE);
    const expected = MACHO_CPUS[process.arch];
    if (expected !== undefined && cpu !== expected) {
      throw new ModuleLoadError('wrong-architecture', path, `${path} is a Mach-O file for CPU type 0x${cpu.toString(16)}, this process is ${process.arch}`);
    }
    return;
  }
  if (magic === 0xcafebabe || magic === 0xbebafeca) return; /* universal binary: dlopen picks the slice */
  if (n >= 2 && header[0] === 0x4d && header[1] === 0x5a) {
    throw new ModuleLoadError(
      'not-a-library',
      path,
      `${path} is a Windows PE file; build the extension as a shared library for this system against @ddikit/native's headers`,
    );
  }
  throw new ModuleLoadError('not-a-library', path, `${path} is not a shared library (no ELF or Mach-O header)`);
}

function open(path: string): LibraryHandle {
  try {
    return koffi.load(path);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ModuleLoadError('not-a-library', path, `${path} could not be loaded: ${detail}`);
  }
}

/**
 * Opens a module to drive it. Its own calls to free() are routed through the core, so a
 * Dot11Ext buffer or pool block given to free() is reported instead of crashing glibc.
 */
function openToDrive(path: string): LibraryHandle {
  const lib = open(path);
  core().routeCrtFree(path);
  return lib;
}

function exported(lib: LibraryHandle, symbol: string): bigint {
  try {
    return ptr(lib.symbol(symbol));
  } catch {
    return 0n;
  }
}

export interface ModuleHost {
  /** Runs before every call into a module (activates the backend's context, checks it is open). */
  enter(): void;
  /** After every call into a module (bug-check mode). */
  leave(): void;
  host: HostServices;
  memory: MemoryAccess;
}

export function createModuleLoader(h: ModuleHost): ModuleLoader {
  /** Calls into the module as the OS calling `handler`, unless a handler is already running. */
  function asHandler<T>(handler: string, body: () => T): T {
    h.enter();
    try {
      return h.host.currentHandler === undefined ? h.host.runHandler(handler, body) : body();
    } finally {
      h.leave();
    }
  }

  function inspect(path: string, symbols: readonly string[]): ModuleInfo {
    checkFile(path);
    const lib = open(path);
    try {
      return { path, exports: symbols.filter((s) => exported(lib, s) !== 0n) };
    } finally {
      lib.unload();
    }
  }

  function requireExports(path: string, symbols: readonly string[], what: string): void {
    const info = inspect(path, symbols);
    const missing = symbols.filter((s) => !info.exports.includes(s));
    if (missing.length) {
      throw new ModuleLoadError('missing-exports', path, `${path} is not ${what}: it does not export ${missing.join(', ')}`);
    }
  }

  function loadIhvExtension(path: string): IhvExtension {
    requireExports(path, IHV_EXPORTS, 'an IHV Extensions DLL');
    h.enter();
    const lib = openToDrive(path);
    const p = protos();
    const getVersionInfo = exported(lib, 'Dot11ExtIhvGetVersionInfo');
    const initService = exported(lib, 'Dot11ExtIhvInitService');
    const table = h.memory.allocateHost(DOT11EXT_IHV_HANDLERS_SIZE);
    const handlers = new Map<IhvHandler, bigint>();
    let closed = false;

    const handler = (name: IhvHandler): bigint => {
      if (closed) throw new Error(`${path} is closed`);
      const fn = handlers.get(name) ?? 0n;
      if (fn === 0n) throw new Error(`${path}: ${name} is NULL (Dot11ExtIhvInitService did not fill it in)`);
      return fn;
    };

    return {
      source: path,
      getVersionInfo(pInfo: Pointer) {
        return asHandler('Dot11ExtIhvGetVersionInfo', () => koffi.call(getVersionInfo, p.GetVersionInfo, arg(pInfo)) as number);
      },
      initService(dwVerNumUsed: number, pvReserved: Pointer) {
        checkSize(dwVerNumUsed, 'dwVerNumUsed');
        h.memory.write(table, new Uint8Array(DOT11EXT_IHV_HANDLERS_SIZE));
        const status = asHandler(
          'Dot11ExtIhvInitService',
          () => koffi.call(initService, p.InitService, dwVerNumUsed, core().apis(), arg(pvReserved), table) as number,
        );
        const bytes = h.memory.read(table, DOT11EXT_IHV_HANDLERS_SIZE);
        const view = new DataView(bytes.buffer);
        const nullHandlers: IhvHandler[] = [];
        DOT11EXT_IHV_HANDLERS.forEach((name, i) => {
          const fn = view.getBigUint64(i * 8, true);
          handlers.set(name, fn);
          if (fn === 0n) nullHandlers.push(name);
        });
        return { status, nullHandlers };
      },
      initAdapter(pDot11Adapter, hDot11SvcHandle, phIhvExtAdapter) {
        const fn = handler('Dot11ExtIhvInitAdapter');
        return asHandler('Dot11ExtIhvInitAdapter', () =>
          koffi.call(fn, p.InitAdapter, arg(pDot11Adapter), arg(hDot11SvcHandle), arg(phIhvExtAdapter)) as number,
        );
      },
      deinitAdapter(hIhvExtAdapter) {
        const fn = handler('Dot11ExtIhvDeinitAdapter');
        asHandler('Dot11ExtIhvDeinitAdapter', () => koffi.call(fn, p.DeinitAdapter, arg(hIhvExtAdapter)));
      },
      performPreAssociate(a, b, c, d, e, f, g) {
        const fn = handler('Dot11ExtIhvPerformPreAssociate');
        return asHandler('Dot11ExtIhvPerformPreAssociate', () =>
          koffi.call(fn, p.PerformPreAssociate, arg(a), arg(b), arg(c), arg(d), arg(e), arg(f), arg(g)) as number,
        );
      },
      createDiscoveryProfiles(hIhvExtAdapter, bInsecure, pParams, pBss, pList, pReason) {
        const fn = handler('Dot11ExtIhvCreateDiscoveryProfiles');
        return asHandler('Dot11ExtIhvCreateDiscoveryProfiles', () =>
          koffi.call(fn, p.CreateDiscoveryProfiles, arg(hIhvExtAdapter), bInsecure, arg(pParams), arg(pBss), arg(pList), arg(pReason)) as number,
        );
      },
      queryUIRequest(hIhvExtAdapter, connectionPhase, ppIhvUIRequest) {
        const fn = handler('Dot11ExtIhvQueryUIRequest');
        return asHandler('Dot11ExtIhvQueryUIRequest', () =>
          koffi.call(fn, p.QueryUIRequest, arg(hIhvExtAdapter), connectionPhase, arg(ppIhvUIRequest)) as number,
        );
      },
      deinitService() {
        const fn = handler('Dot11ExtIhvDeinitService');
        asHandler('Dot11ExtIhvDeinitService', () => koffi.call(fn, p.DeinitService));
      },
      close() {
        if (closed) return;
        closed = true;
        lib.unload();
        try {
          h.memory.freeHost(table);
        } catch {
          /* the backend was closed first: its host memory is gone already */
        }
      },
    };
  }

  function loadNdisHandlers(path: string, symbols: { allocate?: string; free?: string } = {}): NdisHandlerPair {
    const allocateName = symbols.allocate ?? 'NetAllocateMdl';
    const freeName = symbols.free ?? 'NetFreeMdl';
    requireExports(path, [allocateName, freeName], 'an NDIS MDL handler module');
    h.enter();
    const lib = openToDrive(path);
    const p = protos();
    const allocateRef = exported(lib, allocateName);
    const freeRef = exported(lib, freeName);
    let closed = false;
    const live = () => {
      if (closed) throw new Error(`${path} is closed`);
    };
    return {
      source: path,
      allocateMdlRef: allocateRef,
      freeMdlRef: freeRef,
      allocateMdl(bufferSize) {
        live();
        checkSize(bufferSize, 'bufferSize');
        const size = [bufferSize];
        const mdl = asHandler(allocateName, () => ptr(koffi.call(allocateRef, p.NetAllocateMdl, size)));
        return { mdl, bufferSize: size[0]! };
      },
      freeMdl(mdl) {
        live();
        asHandler(freeName, () => koffi.call(freeRef, p.NetFreeMdl, arg(mdl)));
      },
      close() {
        if (closed) return;
        closed = true;
        lib.unload();
      },
    };
  }

  return { inspect, loadIhvExtension, loadNdisHandlers };
}
