/**
 * Finds and loads the C core (dist/libddikit.so, .dylib on macOS) and declares its
 * functions once. The core is loaded with RTLD_GLOBAL so that vendor modules loaded later
 * resolve the Windows services (ExAllocatePoolWithTag, NdisAllocateMdl, ...) from it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import koffi, { type LibraryHandle } from 'koffi';

export const LIBRARY_NAME = process.platform === 'darwin' ? 'libddikit.dylib' : 'libddikit.so';

function here(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/** Where the compiled core is: $DDIKIT_NATIVE_LIBRARY, next to this file (dist), or ../dist from src. */
export function libraryPath(): string {
  const fromEnv = process.env.DDIKIT_NATIVE_LIBRARY;
  const candidates = [fromEnv, join(here(), LIBRARY_NAME), join(here(), '..', 'dist', LIBRARY_NAME)].filter(
    (p): p is string => typeof p === 'string' && p.length > 0,
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `@ddikit/native: the C core ${LIBRARY_NAME} was not compiled (no C compiler when the package was installed): ` +
        'install gcc or clang (or set CC), then reinstall @ddikit/native, or run `pnpm build` in the ddikit repository',
    );
  }
  return found;
}

/** The directory of the public C headers (include/ddikit/*.h), for compiling vendor code. */
export function includeDirectory(): string {
  const candidates = [join(here(), '..', 'include')];
  return candidates.find((p) => existsSync(join(p, 'ddikit', 'wlanihv.h'))) ?? candidates[0]!;
}

function declare(lib: LibraryHandle) {
  const f = (prototype: string) => lib.func(prototype);
  return {
    path: '',
    create: f('void *ddk_create(uint64_t memoryLimit, uint64_t quarantineBytes)'),
    destroy: f('void ddk_destroy(void *ctx)'),
    activate: f('void ddk_activate(void *ctx)'),
    setHandler: f('void ddk_set_handler(int32_t id)'),
    verify: f('uint64_t ddk_verify(void)'),
    ledger: f('uint64_t ddk_ledger(void *out, uint64_t max)'),
    blockState: f('int32_t ddk_block_state(void *p, _Out_ int32_t *allocator)'),
    liveBytes: f('uint64_t ddk_live_bytes(void)'),
    violationCount: f('uint64_t ddk_violation_count(void)'),
    violationGet: f('int32_t ddk_violation_get(uint64_t i, void *out)'),
    failNth: f('void ddk_fail_nth(uint64_t n, int32_t target)'),
    failRandomly: f('void ddk_fail_randomly(double probability, uint32_t seed, int32_t target)'),
    faultClear: f('void ddk_fault_clear(void)'),
    faultAttempts: f('uint64_t ddk_fault_attempts(void)'),
    injectedCount: f('uint64_t ddk_injected_count(void)'),
    injectedGet: f('int32_t ddk_injected_get(uint64_t i, void *out)'),
    hostAlloc: f('void *ddk_host_alloc(uint64_t n)'),
    hostFree: f('int32_t ddk_host_free(void *p)'),
    isMapped: f('int32_t ddk_is_mapped(void *p, uint64_t n)'),
    serviceName: f('const char *ddk_service_name(int32_t id)'),
    routeCrtFree: f('int32_t ddk_route_crt_free(const char *path)'),
    serviceCount: f('int32_t ddk_service_count(void)'),
    hostService: f('int32_t ddk_host_service(void)'),
    apis: f('void *ddk_apis(void)'),
    handToExtension: f('void *ddk_hand_to_extension(const void *bytes, uint64_t n)'),
    adoptBuffer: f('uint32_t ddk_adopt_buffer(void *p, uint64_t minimumSize, int32_t service)'),
    releaseBuffer: f('int32_t ddk_release_buffer(void *p)'),
    deinitService: f('uint32_t ddk_deinit_service(void)'),
    unloadDriver: f('uint32_t ddk_unload_driver(void)'),
    setDefaultCustomData: f('int32_t ddk_set_default_custom_data(const void *bytes, uint32_t n)'),
    recordServiceCall: f('int32_t ddk_record_service_call(int32_t service)'),
    callCount: f('uint64_t ddk_call_count(void)'),
    callGet: f('int32_t ddk_call_get(uint64_t i, void *out)'),
    raiseIrql: f('uint8_t ddk_raise_irql(uint8_t level)'),
    eventKnown: f('int32_t ddk_event_known(void *p)'),
    defaultAllocateMdl: f('void *ddk_default_allocate_mdl(_Inout_ uint32_t *bufferSize)'),
    defaultFreeMdl: f('void ddk_default_free_mdl(void *mdl)'),
    allocateNetBuffer: f('void *ddk_allocate_net_buffer(uint32_t dataOffset, uint32_t dataLength)'),
    freeNetBuffer: f('int32_t ddk_free_net_buffer(void *nb)'),
    allocateNetBufferList: f('void *ddk_allocate_net_buffer_list(const void *nbs, uint32_t count)'),
    freeNetBufferList: f('int32_t ddk_free_net_buffer_list(void *nbl)'),

    Dot11ExtAllocateBuffer: f('uint32_t Dot11ExtAllocateBuffer(uint32_t dwByteCount, _Out_ void **ppvBuffer)'),
    Dot11ExtFreeBuffer: f('void Dot11ExtFreeBuffer(void *pvMemory)'),
    KeGetCurrentIrql: f('uint8_t KeGetCurrentIrql(void)'),
    KeLowerIrql: f('void KeLowerIrql(uint8_t NewIrql)'),
    ExAllocatePoolWithTag: f('void *ExAllocatePoolWithTag(int32_t PoolType, uint64_t NumberOfBytes, uint32_t Tag)'),
    ExAllocatePool2: f('void *ExAllocatePool2(uint64_t Flags, uint64_t NumberOfBytes, uint32_t Tag)'),
    ExFreePoolWithTag: f('void ExFreePoolWithTag(void *P, uint32_t Tag)'),
    ExFreePool: f('void ExFreePool(void *P)'),
    IoAllocateMdl: f('void *IoAllocateMdl(void *VirtualAddress, uint32_t Length, uint8_t SecondaryBuffer, uint8_t ChargeQuota, void *Irp)'),
    IoFreeMdl: f('void IoFreeMdl(void *Mdl)'),
    MmBuildMdlForNonPagedPool: f('void MmBuildMdlForNonPagedPool(void *Mdl)'),
    MmGetSystemAddressForMdlSafe: f('void *MmGetSystemAddressForMdlSafe(void *Mdl, uint32_t Priority)'),
    NdisAllocateMdl: f('void *NdisAllocateMdl(void *NdisHandle, void *VirtualAddress, uint32_t Length)'),
    NdisFreeMdl: f('void NdisFreeMdl(void *Mdl)'),
    NdisAllocateMemoryWithTagPriority: f('void *NdisAllocateMemoryWithTagPriority(void *NdisHandle, uint32_t Length, uint32_t Tag, int32_t Priority)'),
    NdisFreeMemory: f('void NdisFreeMemory(void *VirtualAddress, uint32_t Length, uint32_t MemoryFlags)'),
    KeInitializeEvent: f('void KeInitializeEvent(void *Event, int32_t Type, uint8_t State)'),
    KeSetEvent: f('int32_t KeSetEvent(void *Event, int32_t Increment, uint8_t Wait)'),
    KeWaitForSingleObject: f('int32_t KeWaitForSingleObject(void *Object, int32_t WaitReason, int8_t WaitMode, uint8_t Alertable, void *Timeout)'),
    NdisRetreatNetBufferDataStart: f('int32_t NdisRetreatNetBufferDataStart(void *NetBuffer, uint32_t DataOffsetDelta, uint32_t DataBackFill, void *AllocateMdlHandler)'),
    NdisRetreatNetBufferListDataStart: f('int32_t NdisRetreatNetBufferListDataStart(void *NetBufferList, uint32_t DataOffsetDelta, uint32_t DataBackFill, void *AllocateMdlHandler, void *FreeMdlHandler)'),
    NdisAdvanceNetBufferDataStart: f('void NdisAdvanceNetBufferDataStart(void *NetBuffer, uint32_t DataOffsetDelta, uint8_t FreeMdl, void *FreeMdlHandler)'),
  };
}

export type Core = ReturnType<typeof declare>;

/** Function types of the handlers the core and the loaders call through pointers. */
function prototypes() {
  return {
    NetAllocateMdl: koffi.proto('void *ddk_NET_BUFFER_ALLOCATE_MDL(_Inout_ uint32_t *BufferSize)'),
    NetAllocateMdlCallback: koffi.proto('void *ddk_NET_BUFFER_ALLOCATE_MDL_CB(void *BufferSize)'),
    NetFreeMdl: koffi.proto('void ddk_NET_BUFFER_FREE_MDL(void *Mdl)'),
    GetVersionInfo: koffi.proto('uint32_t ddk_DOT11EXTIHV_GET_VERSION_INFO(void *pDot11IHVVersionInfo)'),
    InitService: koffi.proto('uint32_t ddk_DOT11EXTIHV_INIT_SERVICE(uint32_t dwVerNumUsed, void *pDot11ExtAPI, void *pvReserved, void *pDot11IHVHandlers)'),
    DeinitService: koffi.proto('void ddk_DOT11EXTIHV_DEINIT_SERVICE(void)'),
    InitAdapter: koffi.proto('uint32_t ddk_DOT11EXTIHV_INIT_ADAPTER(void *pDot11Adapter, void *hDot11SvcHandle, void *phIhvExtAdapter)'),
    DeinitAdapter: koffi.proto('void ddk_DOT11EXTIHV_DEINIT_ADAPTER(void *hIhvExtAdapter)'),
    PerformPreAssociate: koffi.proto('uint32_t ddk_DOT11EXTIHV_PERFORM_PRE_ASSOCIATE(void *a, void *b, void *c, void *d, void *e, void *f, void *g)'),
    CreateDiscoveryProfiles: koffi.proto('uint32_t ddk_DOT11EXTIHV_CREATE_DISCOVERY_PROFILES(void *a, int32_t bInsecure, void *c, void *d, void *e, void *f)'),
    QueryUIRequest: koffi.proto('uint32_t ddk_DOT11EXTIHV_QUERY_UI_REQUEST(void *a, int32_t connectionPhase, void *ppIhvUIRequest)'),
  };
}

export type Prototypes = ReturnType<typeof prototypes>;

let loaded: { core: Core; protos: Prototypes } | undefined;

/** The core, loaded on first use (RTLD_GLOBAL, RTLD_NOW). */
export function core(): Core {
  return load().core;
}

export function protos(): Prototypes {
  return load().protos;
}

function load() {
  if (!loaded) {
    const path = libraryPath();
    const lib = koffi.load(path, { global: true });
    const c = declare(lib);
    c.path = path;
    loaded = { core: c, protos: prototypes() };
  }
  return loaded;
}

/** koffi gives NULL as null, pointers as bigint, small 64-bit integers as number: one form. */
export function ptr(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  return typeof value === 'bigint' ? value : BigInt(value as number);
}

/** A bigint pointer as koffi takes it: null for NULL. */
export function arg(p: bigint): bigint | null {
  return p === 0n ? null : p;
}
