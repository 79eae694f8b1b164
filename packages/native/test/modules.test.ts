import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DOT11EXT_IHV_HANDLERS,
  Dot11ExtIhvDiscoveryProfileList,
  Irql,
  ModuleLoadError,
  NdisStatus,
  decodeMdl,
  readPointer,
  readUint32,
  readUtf16z,
  type Backend,
} from '@ddikit/types';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createNativeBackend } from '../src/index.js';
import { cleanup, compileModule, tempDir } from './compile.js';

afterAll(cleanup);
const open: Backend[] = [];
afterEach(() => {
  for (const be of open.splice(0)) be.close();
});
const backend = () => {
  const be = createNativeBackend();
  open.push(be);
  return be;
};

const IHV_SOURCE = String.raw`
#include <ddikit/wlanihv.h>
#include <string.h>

static DOT11EXT_APIS g_apis;
static LPVOID g_kept;

static DWORD WINAPI InitAdapter(PDOT11_ADAPTER a, HANDLE h, PHANDLE ph) {
  (void)a; (void)h;
  *ph = (HANDLE)0x1234;
  return g_apis.Dot11ExtAllocateBuffer(40, &g_kept);
}
static VOID WINAPI DeinitAdapter(HANDLE h) { (void)h; }
static VOID WINAPI DeinitService(VOID) {}
static DWORD WINAPI PreAssociate(HANDLE a, HANDLE s, PDOT11EXT_IHV_PROFILE_PARAMS p, PDOT11EXT_IHV_CONNECTIVITY_PROFILE c,
                                 PDOT11EXT_IHV_SECURITY_PROFILE sec, PDOT11_BSS_LIST b, PDWORD r) {
  (void)a; (void)p; (void)c; (void)sec; (void)b; (void)r;
  DWORD size = 0; LPVOID data = NULL;
  DWORD rc = g_apis.Dot11ExtGetProfileCustomUserData(NULL, s, 0, &size, &data);
  if (rc) return rc;
  g_apis.Dot11ExtFreeBuffer(data);
  return g_apis.Dot11ExtPreAssociateCompletion(NULL, s, 0, 0);
}
static const WCHAR xml[] = { '<', 'x', '/', '>', 0 };
static DWORD WINAPI CreateDiscoveryProfiles(HANDLE a, BOOL insecure, PDOT11EXT_IHV_PROFILE_PARAMS p, PDOT11_BSS_LIST b,
                                            PDOT11EXT_IHV_DISCOVERY_PROFILE_LIST list, PDWORD r) {
  (void)a; (void)insecure; (void)p; (void)b; (void)r;
  PDOT11EXT_IHV_DISCOVERY_PROFILE profiles = NULL;
  LPWSTR text = NULL;
  DWORD rc = g_apis.Dot11ExtAllocateBuffer(sizeof(DOT11EXT_IHV_DISCOVERY_PROFILE), (LPVOID *)&profiles);
  if (rc) return rc;
  rc = g_apis.Dot11ExtAllocateBuffer(sizeof xml, (LPVOID *)&text);
  if (rc) { g_apis.Dot11ExtFreeBuffer(profiles); return rc; }
  memcpy(text, xml, sizeof xml);
  profiles[0].IhvConnectivityProfile.pszXmlFragmentIhvConnectivity = text;
  profiles[0].IhvSecurityProfile.pszXmlFragmentIhvSecurity = NULL;
  profiles[0].IhvSecurityProfile.bUseMSOnex = FALSE;
  list->dwCount = 1;
  list->pIhvDiscoveryProfiles = profiles;
  return ERROR_SUCCESS;
}

DDIKIT_EXPORT DWORD WINAPI Dot11ExtIhvGetVersionInfo(PDOT11_IHV_VERSION_INFO info) {
  info->dwVerMin = 0; info->dwVerMax = 0;
  return ERROR_SUCCESS;
}
DDIKIT_EXPORT DWORD WINAPI Dot11ExtIhvInitService(DWORD ver, PDOT11EXT_APIS apis, LPVOID reserved, PDOT11EXT_IHV_HANDLERS h) {
  (void)reserved;
  if (ver != 0) return ERROR_INVALID_PARAMETER;
  g_apis = *apis;
  h->Dot11ExtIhvDeinitService = DeinitService;
  h->Dot11ExtIhvInitAdapter = InitAdapter;
  h->Dot11ExtIhvDeinitAdapter = DeinitAdapter;
  h->Dot11ExtIhvPerformPreAssociate = PreAssociate;
  h->Dot11ExtIhvCreateDiscoveryProfiles = CreateDiscoveryProfiles;
  return ERROR_SUCCESS;
}
`;

const NDIS_SOURCE = String.raw`
#include <ddikit/ndis.h>

/* A NetAllocateMdl/NetFreeMdl pair as a miniport writes it: pool block + IoAllocateMdl. */
#define TAG 0x6b646444 /* 'Ddk' */
NET_BUFFER_ALLOCATE_MDL NetAllocateMdl;
NET_BUFFER_FREE_MDL NetFreeMdl;

DDIKIT_EXPORT PMDL NetAllocateMdl(ULONG *BufferSize) {
  ULONG size = (*BufferSize + 63) & ~63u; /* rounds up and writes the real size back */
  PVOID data = ExAllocatePoolWithTag(NonPagedPoolNx, size, TAG);
  if (!data) return NULL;
  PMDL mdl = IoAllocateMdl(data, size, FALSE, FALSE, NULL);
  if (!mdl) { ExFreePoolWithTag(data, TAG); return NULL; }
  MmBuildMdlForNonPagedPool(mdl);
  *BufferSize = size;
  return mdl;
}

DDIKIT_EXPORT VOID NetFreeMdl(PMDL Mdl) {
  PVOID data = MmGetMdlVirtualAddress(Mdl);
  IoFreeMdl(Mdl);
  ExFreePoolWithTag(data, TAG);
}

/* Frees the MDL only: the block leaks. */
DDIKIT_EXPORT VOID LeakyFreeMdl(PMDL Mdl) { IoFreeMdl(Mdl); }

DDIKIT_EXPORT KIRQL CurrentIrql(void) { return KeGetCurrentIrql(); }
`;

describe('IHV Extensions DLLs', () => {
  it('initializes with the real DOT11EXT_APIS table and runs handlers that use it', () => {
    const be = backend();
    const path = compileModule('ihvext', IHV_SOURCE);
    const modules = be.modules!;
    expect(modules.inspect(path, ['Dot11ExtIhvInitService', 'NetAllocateMdl']).exports).toEqual(['Dot11ExtIhvInitService']);
    const ext = modules.loadIhvExtension(path);
    const info = be.memory.allocateHost(8);
    expect(ext.getVersionInfo(info)).toBe(0);
    expect(ext.initService(1, 0n).status).toBe(87);
    const { status, nullHandlers } = ext.initService(0, 0n);
    expect(status).toBe(0);
    expect(nullHandlers).toEqual(
      DOT11EXT_IHV_HANDLERS.filter(
        (h) =>
          ![
            'Dot11ExtIhvDeinitService',
            'Dot11ExtIhvInitAdapter',
            'Dot11ExtIhvDeinitAdapter',
            'Dot11ExtIhvPerformPreAssociate',
            'Dot11ExtIhvCreateDiscoveryProfiles',
          ].includes(h),
      ),
    );
    const ph = be.memory.allocateHost(8);
    expect(ext.initAdapter(0n, 0x99n, ph)).toBe(0);
    expect(readPointer(be.memory, ph)).toBe(0x1234n);
    expect(be.liveAllocations()).toMatchObject([{ size: 40, allocator: 'dot11ext', handler: 'Dot11ExtIhvInitAdapter' }]);

    expect(ext.performPreAssociate(0x1234n, 0x5n, 0n, 0n, 0n, 0n, 0n)).toBe(0);
    expect(be.dot11ext.serviceCalls()).toEqual([
      { service: 'Dot11ExtGetProfileCustomUserData', handler: 'Dot11ExtIhvPerformPreAssociate' },
      { service: 'Dot11ExtPreAssociateCompletion', handler: 'Dot11ExtIhvPerformPreAssociate' },
    ]);

    const list = be.memory.allocateHost(Dot11ExtIhvDiscoveryProfileList.size);
    const reason = be.memory.allocateHost(4);
    expect(ext.createDiscoveryProfiles(0x1234n, 0, 0n, 0n, list, reason)).toBe(0);
    expect(readUint32(be.memory, list)).toBe(1);
    const profiles = readPointer(be.memory, list + 8n);
    const text = readPointer(be.memory, profiles);
    expect(readUtf16z(be.memory, text, 16)).toEqual({ text: '<x/>', terminated: true });
    expect(be.host.adoptBuffer(profiles, { minimumSize: 24, what: 'pIhvDiscoveryProfiles' })).toEqual([]);
    expect(be.host.adoptBuffer(text, { minimumSize: 10, what: 'pszXmlFragmentIhvConnectivity' })).toEqual([]);
    be.host.releaseBuffer(profiles);
    be.host.releaseBuffer(text);

    ext.deinitAdapter(0x1234n);
    ext.deinitService();
    expect(be.host.deinitService().map((v) => [v.kind, v.evidence.allocatedBy])).toEqual([['DOT11EXT_LEAK', 'Dot11ExtIhvInitAdapter']]);
    ext.close();
  });

  it("reports a buffer the DLL hands to free() instead of letting the C runtime crash on it", () => {
    const be = backend();
    const path = compileModule(
      'frees-with-crt',
      String.raw`
#include <ddikit/wlanihv.h>
#include <stdlib.h>
#include <string.h>

static DOT11EXT_APIS g_apis;
static VOID WINAPI DeinitService(VOID) {}
static VOID WINAPI DeinitAdapter(HANDLE h) { (void)h; }
static DWORD WINAPI InitAdapter(PDOT11_ADAPTER a, HANDLE h, PHANDLE ph) {
  (void)a; (void)h; (void)ph;
  void *own = malloc(32);        /* the DLL's own C-runtime memory: free() is right for it */
  free(own);
  LPVOID buffer = NULL;
  DWORD rc = g_apis.Dot11ExtAllocateBuffer(24, &buffer);
  if (rc) return rc;
  free(buffer);                  /* the bug: only Dot11ExtFreeBuffer frees this */
  return 0;
}
DWORD WINAPI Dot11ExtIhvGetVersionInfo(PDOT11_IHV_VERSION_INFO v) { v->dwVerMin = v->dwVerMax = 0; return 0; }
DWORD WINAPI Dot11ExtIhvInitService(DWORD ver, PDOT11EXT_APIS apis, LPVOID r, PDOT11EXT_IHV_HANDLERS h) {
  (void)r;
  if (ver != 0) return ERROR_INVALID_PARAMETER;
  g_apis = *apis;
  h->Dot11ExtIhvDeinitService = DeinitService;
  h->Dot11ExtIhvInitAdapter = InitAdapter;
  h->Dot11ExtIhvDeinitAdapter = DeinitAdapter;
  return 0;
}
`,
    );
    const ext = be.modules!.loadIhvExtension(path);
    expect(ext.initService(0, 0n).status).toBe(0);
    expect(ext.initAdapter(0n, 0n, be.memory.allocateHost(8))).toBe(0);
    const [freed] = be.violations();
    expect(be.violations()).toHaveLength(1);
    expect(freed).toMatchObject({
      kind: 'FREED_THROUGH_WRONG_HEAP',
      contract: 'dot11ext.free.foreign',
      evidence: { service: 'free', size: 24, allocatedBy: 'Dot11ExtIhvInitAdapter', appVerifierStop: 0x6 },
    });
    // The C runtime never saw it: the buffer is still live, and still the DLL's to free.
    const [live] = be.liveAllocations();
    expect(live).toMatchObject({ address: freed!.evidence.address, size: 24, owner: 'extension' });
    be.dot11ext.freeBuffer(live!.address);
    expect(be.liveAllocations()).toEqual([]);
    expect(be.violations()).toHaveLength(1);
    ext.close();
  });

  it('says why a file cannot be loaded', () => {
    const be = backend();
    const dir = tempDir();
    const text = join(dir, 'notes.so');
    writeFileSync(text, 'not a library at all');
    const pe = join(dir, 'ihvext.dll');
    writeFileSync(pe, Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]));
    const foreign = join(dir, 'arm.so');
    copyFileSync(compileModule('probe', 'int probe(void) { return 1; }'), foreign);
    const bytes = readFileSync(foreign);
    bytes.writeUInt16LE(process.arch === 'arm64' ? 62 : 183, 18);
    writeFileSync(foreign, bytes);
    const reason = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(ModuleLoadError);
        return (e as ModuleLoadError).reason;
      }
      return 'loaded';
    };
    const m = be.modules!;
    expect(reason(() => m.inspect(join(dir, 'nope.so'), []))).toBe('missing');
    expect(reason(() => m.inspect(text, []))).toBe('not-a-library');
    expect(reason(() => m.loadIhvExtension(pe))).toBe('not-a-library');
    expect(reason(() => m.inspect(foreign, []))).toBe('wrong-architecture');
    expect(reason(() => m.loadIhvExtension(compileModule('other', 'int other(void) { return 2; }')))).toBe('missing-exports');
    expect(reason(() => m.loadNdisHandlers(compileModule('other2', 'int other(void) { return 2; }')))).toBe('missing-exports');
  });
});

describe('NDIS handler modules', () => {
  it('resolve the kernel services from the core and run at DISPATCH_LEVEL', () => {
    const be = backend();
    const path = compileModule('mdlhandlers', NDIS_SOURCE);
    const pair = be.modules!.loadNdisHandlers(path);
    expect(typeof pair.allocateMdlRef).toBe('bigint');
    be.irql.raise(Irql.DISPATCH_LEVEL);
    const { mdl, bufferSize } = pair.allocateMdl(100);
    expect(bufferSize).toBe(128);
    const m = decodeMdl(be.memory.read(mdl, 48));
    expect(m.byteCount).toBe(128);
    expect(m.mappedSystemVa).toBe(m.startVa + BigInt(m.byteOffset));
    expect(be.liveAllocations().map((a) => [a.allocator, a.irql, a.handler])).toEqual([
      ['pool', Irql.DISPATCH_LEVEL, 'NetAllocateMdl'],
      ['io-mdl', Irql.DISPATCH_LEVEL, 'NetAllocateMdl'],
    ]);
    pair.freeMdl(mdl);
    expect(be.liveAllocations()).toEqual([]);

    // through Retreat, with the C function pointer
    const nb = be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 60 });
    expect(be.ndis.retreatNetBufferDataStart(nb, 14, 2, pair.allocateMdlRef)).toBe(NdisStatus.NDIS_STATUS_SUCCESS);
    expect(be.ndis.readNetBuffer(nb)).toMatchObject({ dataOffset: 64 - 14, dataLength: 74 });
    be.faults.failNth(1, { target: 'kernel' });
    const nb2 = be.ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 60 });
    expect(be.ndis.retreatNetBufferDataStart(nb2, 14, 0, pair.allocateMdlRef)).toBe(NdisStatus.NDIS_STATUS_RESOURCES);
    be.faults.clear();
    be.ndis.advanceNetBufferDataStart(nb, 14, true, pair.freeMdlRef);
    be.ndis.freeNetBuffer(nb);
    be.ndis.freeNetBuffer(nb2);
    expect(be.liveAllocations()).toEqual([]);
    be.irql.raise(Irql.HIGH_LEVEL);
    expect(pair.allocateMdl(10).mdl).toBe(0n);
    expect(be.violations().map((v) => [v.kind, v.evidence.service, v.evidence.handler])).toEqual([
      ['NONPAGED_ALLOCATION_ABOVE_DISPATCH', 'ExAllocatePoolWithTag', 'NetAllocateMdl'],
    ]);
    be.irql.lower(Irql.PASSIVE_LEVEL);
    pair.close();
  });

  it('loads handlers by other names and finds their leaks at unload', () => {
    const be = backend();
    const pair = be.modules!.loadNdisHandlers(compileModule('leaky', NDIS_SOURCE), { allocate: 'NetAllocateMdl', free: 'LeakyFreeMdl' });
    pair.freeMdl(pair.allocateMdl(10).mdl);
    expect(be.host.unloadDriver().map((v) => [v.kind, v.evidence.allocator, v.evidence.size, v.evidence.allocatedBy])).toEqual([
      ['POOL_LEAK_AT_UNLOAD', 'pool', 64, 'NetAllocateMdl'],
    ]);
    pair.close();
  });
});
