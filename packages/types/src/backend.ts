/**
 * The backend interface: a host that provides the OS side of both DDI families with
 * verifier instrumentation around it. `@ddikit/sim` and `@ddikit/native` implement it;
 * the conformance suite and the CLI reach a backend only through it.
 *
 * Conventions every backend keeps:
 * - Pointers are bigint, 0n is NULL.
 * - Sizes are numbers in DWORD/ULONG range; a value outside 0..0xFFFFFFFF, or not an
 *   integer, is a programming error and throws RangeError.
 * - Rule violations are data (`violations()`), never exceptions thrown at the caller of a
 *   service, unless the backend was created with `bugCheck: true`.
 */
import type { Dot11ExtService } from './abi.js';
import type { ContractId } from './contracts.js';
import type { ModuleLoader } from './extension.js';
import type { Irql } from './irql.js';
import type { Pointer } from './pointer.js';
import type { PoolType } from './pool.js';
import type { ViolationKindName } from './violations.js';

export interface BackendOptions {
  /**
   * Bytes the verified allocators may hand out in all (Dot11Ext buffers, pool, MDLs).
   * Past it allocations fail as real exhaustion would. Default 64 MiB.
   */
  memoryLimit?: number;
  /** Seeds everything random a backend does. Default 1. */
  seed?: number;
  /** Throw a BugCheckError at the first violation, like Windows would, instead of logging it. Default false. */
  bugCheck?: boolean;
  /** Bytes of freed blocks kept poisoned before their memory is reused. Default 1 MiB. */
  quarantineBytes?: number;
}

/** Creates a fresh, independent backend. The conformance suite calls it once per contract check. */
export type BackendFactory = (options?: BackendOptions) => Backend | Promise<Backend>;

/**
 * What a backend implements. The suite skips, and says so, every contract whose needs a
 * backend declares unsupported.
 */
export interface BackendSupports {
  /** Dot11ExtAllocateBuffer / Dot11ExtFreeBuffer and the OS side of ownership transfer. */
  dot11ext: boolean;
  /** NDIS's default NetAllocateMdl/NetFreeMdl pair and Retreat/Advance over NET_BUFFERs. */
  ndis: boolean;
  /** The pool, MDL, NDIS memory, IRQL and wait services an MDL handler uses. */
  kernel: boolean;
  /** failNth / failRandomly. */
  faultInjection: boolean;
  /** Real exhaustion at options.memoryLimit. */
  memoryLimit: boolean;
  /** Guard bytes around every block: overruns and underruns are found. */
  guardBytes: boolean;
  /** Freed blocks are poisoned and quarantined: writes after free are found. */
  poisoning: boolean;
  /** Services may be called from threads the extension creates. */
  threads: boolean;
  /** Loads shared libraries (extension DLLs, NDIS handler modules). */
  nativeModules: boolean;
}

export type Capability = keyof BackendSupports;

/** Which allocation mechanism made a block: a free must use the same one. */
export type Allocator =
  /** Dot11ExtAllocateBuffer */
  | 'dot11ext'
  /** ExAllocatePoolWithTag / ExAllocatePool2 */
  | 'pool'
  /** NdisAllocateMemoryWithTagPriority */
  | 'ndis-memory'
  /** IoAllocateMdl (the MDL only) */
  | 'io-mdl'
  /** NdisAllocateMdl (the MDL only) */
  | 'ndis-mdl'
  /** NDIS's default NetAllocateMdl: one nonpaged block holding the MDL and its data */
  | 'net-mdl';

/** A live block in the backend's ledger. */
export interface Allocation {
  /** What the allocator returned (for MDL allocators, the MDL). */
  address: Pointer;
  /**
   * The size asked for: dwByteCount or NumberOfBytes; for io-mdl and ndis-mdl the MDL's own
   * size (MmSizeOfMdl); for net-mdl the data bytes the MDL describes.
   */
  size: number;
  /** 1-based sequence number over all successful allocations of this backend. */
  order: number;
  allocator: Allocator;
  /** Who must free it now: 'extension' (the DLL or driver) or 'os' (after an ownership transfer). */
  owner: 'extension' | 'os';
  /** The handler (or module) that was running when it was allocated, when one was. */
  handler?: string;
  /** Pool tag, for pool and NDIS memory. */
  tag?: number;
  /** Pool type, for pool-backed blocks. */
  poolType?: PoolType;
  /** True when the memory is pageable. */
  paged: boolean;
  /** The IRQL the allocating call ran at. */
  irql: Irql;
}

/** What a violation points at, so a driver engineer can find the bug from the report alone. */
export interface Evidence {
  /** The service or check that found it: 'Dot11ExtFreeBuffer', 'ExAllocatePoolWithTag', 'heap verification', ... */
  service: string;
  /** The address involved (the block, or the pointer passed in). */
  address?: Pointer;
  /** The block's size. */
  size?: number;
  /** The block's allocation order. */
  order?: number;
  /** The handler that allocated the block. */
  allocatedBy?: string;
  /** The handler running when the rule broke. */
  handler?: string;
  /** The IRQL at the call. */
  irql?: Irql;
  /** For corruption: the offset of the first damaged byte from the block's start (negative before it). */
  offset?: number;
  /** The allocator that made the block, when a free used another. */
  allocator?: Allocator;
  /** Application Verifier's user-mode stop for the same fault, when it has one. */
  appVerifierStop?: number;
}

/** One broken rule, recorded the way Driver Verifier would stop on it. */
export interface Violation {
  /** The rule, by its name in ViolationKinds: tells apart rules that share a contract and code. */
  kind: ViolationKindName;
  contract: ContractId;
  /** The bug check Windows raises for it (BugCheck), or BugCheck.NONE. */
  code: number;
  /** The four bug-check parameters; params[0] is parameter 1 (for 0xC4, the VerifierCode). */
  params: readonly [bigint, bigint, bigint, bigint];
  message: string;
  evidence: Evidence;
  /** True when an injected fault was active anywhere in the run before this violation. */
  faultsInjected: boolean;
}

/** Thrown instead of logging when the backend was created with `bugCheck: true`. */
export class BugCheckError extends Error {
  readonly violation: Violation;
  constructor(violation: Violation) {
    super(violation.message);
    this.name = 'BugCheckError';
    this.violation = violation;
  }
}

export interface AllocateBufferResult {
  /** ERROR_SUCCESS or ERROR_OUTOFMEMORY. */
  status: number;
  /** The buffer, or 0n unless status is ERROR_SUCCESS. */
  buffer: Pointer;
}

/** The Dot11Ext services an IHV Extensions DLL calls. */
export interface Dot11ExtServices {
  /**
   * Dot11ExtAllocateBuffer. A size of 0 gives ERROR_SUCCESS and a unique pointer to an
   * empty block (any write to it is an overrun), as HeapAlloc does; sizes past the memory
   * limit give ERROR_OUTOFMEMORY.
   */
  allocateBuffer(byteCount: number): AllocateBufferResult;
  /** Dot11ExtFreeBuffer. NULL returns at once; misuse is recorded as a violation. */
  freeBuffer(buffer: Pointer): void;
  /**
   * Records that the extension called one of the other Dot11Ext services (an extension in
   * TypeScript calls this; a native module's calls through DOT11EXT_APIS are recorded by
   * the backend itself). After host.deinitService() the call is reported as CALL_AFTER_DEINIT.
   */
  recordServiceCall(service: Dot11ExtService): void;
  /** Every call to a Dot11Ext service other than AllocateBuffer and FreeBuffer, in order, with the handler that made it. */
  serviceCalls(): ServiceCall[];
}

export interface ServiceCall {
  service: Dot11ExtService;
  /** The handler running when the call was made, if any. */
  handler?: string;
}

/** What the OS does around an extension: the other side of every ownership transfer. */
export interface HostServices {
  /**
   * Runs `body` as the OS calling the named handler: allocations, service calls and
   * violations inside are attributed to it. Nests; the previous handler is restored after.
   */
  runHandler<T>(handler: string, body: () => T): T;
  /** The handler running now, if any. */
  readonly currentHandler: string | undefined;
  /**
   * The OS takes a buffer an IHV handler returned: checks that it came from
   * Dot11ExtAllocateBuffer, is live and is owned by the DLL (else nothing is adopted),
   * then makes the OS its owner and checks that it holds at least `minimumSize` bytes
   * and has intact guard bytes. Every problem is a violation (contract
   * dot11ext.ownership.transfer or dot11ext.free.overrun), also returned here.
   */
  adoptBuffer(buffer: Pointer, claim: { minimumSize: number; what: string }): Violation[];
  /** The OS frees a buffer it adopted, after the handler returned. */
  releaseBuffer(buffer: Pointer): void;
  /**
   * The OS allocates a buffer with these bytes and hands it to the DLL, which now owns it
   * and must free it with Dot11ExtFreeBuffer (Dot11ExtGetProfileCustomUserData).
   */
  handToExtension(bytes: Uint8Array): Pointer;
  /**
   * DeinitService returned: every Dot11Ext buffer the DLL still owns is reported as a leak
   * (0xC4/0x62, AppVerifier 0x900, contract dot11ext.ownership.leak) and later Dot11Ext
   * service calls are reported (ext.no-call-after-deinit). Returns the new violations.
   */
  deinitService(): Violation[];
  /**
   * The driver module unloads: every block it still holds from the pool, NDIS memory and
   * MDL services is reported (0xC4/0x62, contract kernel.pool.leak). Blocks NDIS's own
   * default NetAllocateMdl made are NDIS's and not counted. Returns the new violations.
   */
  unloadDriver(): Violation[];
}

/** Raw access to the backend's address space. */
export interface MemoryAccess {
  /** Reads `length` bytes. An address the backend never mapped throws (as an access violation would). */
  read(address: Pointer, length: number): Uint8Array;
  /** Writes bytes. An address the backend never mapped throws. */
  write(address: Pointer, bytes: Uint8Array): void;
  /**
   * Host memory outside every verified allocator: the OS's own structures and inputs to
   * handlers. A pointer from here is "foreign" to Dot11ExtFreeBuffer and the pool.
   */
  allocateHost(size: number): Pointer;
  freeHost(address: Pointer): void;
}

/** KeGetCurrentIrql / KeRaiseIrql / KeLowerIrql for the calling thread. */
export interface IrqlControl {
  readonly current: Irql;
  /** KeRaiseIrql: returns the previous IRQL. A level below the current one is a violation (0xC4/0x30) and changes nothing. */
  raise(level: Irql): Irql;
  /** KeLowerIrql: a level above the current one is a violation (0xC4/0x31) and changes nothing. */
  lower(level: Irql): void;
}

/** Which allocation services a fault plan applies to. */
export type FaultTarget = 'dot11ext' | 'kernel' | 'all';

export interface InjectedFault {
  /** The service that was made to fail. */
  service: string;
  /** The attempt's number since the plan was set (1-based). */
  attempt: number;
  size: number;
  handler?: string;
}

/**
 * Fault injection. Attempts are counted from the moment a plan is set, over the allocation
 * services the plan targets (Dot11ExtAllocateBuffer for 'dot11ext'; pool, NDIS memory and
 * MDL allocations for 'kernel').
 */
export interface FaultInjection {
  /** The n-th attempt from now fails (1-based), once. */
  failNth(n: number, options?: { target?: FaultTarget }): void;
  /** Every attempt fails with `probability`, drawn from a generator seeded with `seed`. */
  failRandomly(options: { probability: number; seed: number; target?: FaultTarget }): void;
  /** No more injected faults. The record of those already injected stays. */
  clear(): void;
  /** Allocation attempts the current plan has counted. */
  readonly attempts: number;
  /** Every fault injected so far. */
  injected(): InjectedFault[];
}

export interface AllocateMdlResult {
  /** The MDL, or 0n on failure. */
  mdl: Pointer;
  /** *BufferSize after the call: the real size of the block the MDL describes. */
  bufferSize: number;
}

/** A NetAllocateMdl handler, in TypeScript: takes *BufferSize, gives the MDL and the size written back. */
export type NetAllocateMdlHandler = (bufferSize: number) => AllocateMdlResult;
/** A NetFreeMdl handler, in TypeScript. */
export type NetFreeMdlHandler = (mdl: Pointer) => void;

/**
 * A handler passed to Retreat/Advance: a TypeScript function, or (on backends that load
 * native modules) a C function pointer. null means NDIS's default allocator.
 */
export type HandlerRef<F> = F | Pointer | null;

/** A NET_BUFFER's data-start fields, decoded. */
export interface NetBufferData {
  next: Pointer;
  currentMdl: Pointer;
  currentMdlOffset: number;
  dataLength: number;
  mdlChain: Pointer;
  dataOffset: number;
}

/** NDIS's side of the MDL contracts. */
export interface NdisServices {
  /** NDIS's default NetAllocateMdl: one nonpaged block holding the MDL and its data. */
  allocateMdl(bufferSize: number): AllocateMdlResult;
  /** NDIS's default NetFreeMdl. */
  freeMdl(mdl: Pointer): void;
  /**
   * A NET_BUFFER whose MDL chain (from the default allocator) holds `dataOffset` unused
   * bytes and then `dataLength` bytes of data.
   */
  allocateNetBuffer(options: { dataOffset: number; dataLength: number }): Pointer;
  /** Frees a NET_BUFFER and every MDL in its chain (each through the allocator that made it). */
  freeNetBuffer(netBuffer: Pointer): void;
  /** A NET_BUFFER_LIST whose NET_BUFFERs are `netBuffers`, in order. */
  allocateNetBufferList(netBuffers: Pointer[]): Pointer;
  /** Frees the list and its NET_BUFFERs. */
  freeNetBufferList(netBufferList: Pointer): void;
  readNetBuffer(netBuffer: Pointer): NetBufferData;
  /** NdisRetreatNetBufferDataStart. */
  retreatNetBufferDataStart(
    netBuffer: Pointer,
    dataOffsetDelta: number,
    dataBackFill: number,
    allocateMdl: HandlerRef<NetAllocateMdlHandler>,
  ): number;
  /** NdisRetreatNetBufferListDataStart: all or nothing over the list's NET_BUFFERs. */
  retreatNetBufferListDataStart(
    netBufferList: Pointer,
    dataOffsetDelta: number,
    dataBackFill: number,
    allocateMdl: HandlerRef<NetAllocateMdlHandler>,
    freeMdl: HandlerRef<NetFreeMdlHandler>,
  ): number;
  /** NdisAdvanceNetBufferDataStart. */
  advanceNetBufferDataStart(
    netBuffer: Pointer,
    dataOffsetDelta: number,
    freeMdl: boolean,
    freeMdlHandler: HandlerRef<NetFreeMdlHandler>,
  ): void;
}

/** KEVENT types for keInitializeEvent. */
export const EventType = { NotificationEvent: 0, SynchronizationEvent: 1 } as const;

/** The kernel services an MDL handler uses, each enforcing its IRQL rule (SPEC section 2). */
export interface KernelServices {
  exAllocatePoolWithTag(poolType: PoolType, numberOfBytes: number, tag: number): Pointer;
  /** Zeroes the block unless POOL_FLAG_UNINITIALIZED; NULL when the flags name no single pool kind. */
  exAllocatePool2(flags: bigint, numberOfBytes: number, tag: number): Pointer;
  exFreePoolWithTag(address: Pointer, tag: number): void;
  exFreePool(address: Pointer): void;
  /** IoAllocateMdl(VirtualAddress, Length, FALSE, FALSE, NULL): an MDL not yet built. */
  ioAllocateMdl(virtualAddress: Pointer, length: number): Pointer;
  ioFreeMdl(mdl: Pointer): void;
  mmBuildMdlForNonPagedPool(mdl: Pointer): void;
  mmGetSystemAddressForMdlSafe(mdl: Pointer, priority: number): Pointer;
  /** NdisAllocateMdl: an MDL built over nonpaged memory. */
  ndisAllocateMdl(virtualAddress: Pointer, length: number): Pointer;
  ndisFreeMdl(mdl: Pointer): void;
  ndisAllocateMemoryWithTagPriority(length: number, tag: number, priority: number): Pointer;
  ndisFreeMemory(virtualAddress: Pointer, length: number, memoryFlags: number): void;
  /** A KEVENT in host memory. */
  keInitializeEvent(event: Pointer, type: number, signaled: boolean): void;
  keSetEvent(event: Pointer): void;
  /**
   * KeWaitForSingleObject on a KEVENT. `timeout` is in 100 ns units (negative: relative),
   * null for no timeout. Returns STATUS_SUCCESS or STATUS_TIMEOUT.
   */
  keWaitForSingleObject(object: Pointer, timeout: bigint | null): number;
}

/** A host for both DDI families with a verifier around it. */
export interface Backend {
  /** 'sim', 'native', or a contributor's name. */
  readonly name: string;
  readonly supports: BackendSupports;
  readonly dot11ext: Dot11ExtServices;
  readonly host: HostServices;
  readonly ndis: NdisServices;
  readonly kernel: KernelServices;
  readonly memory: MemoryAccess;
  readonly irql: IrqlControl;
  readonly faults: FaultInjection;
  /** Loads vendor modules; present when supports.nativeModules is true. */
  readonly modules?: ModuleLoader;
  /** Every violation recorded so far, oldest first. */
  violations(): Violation[];
  /** Every live block of every verified allocator, in allocation order. */
  liveAllocations(): Allocation[];
  /**
   * Checks every live block's guard bytes and every quarantined block's poison now, and
   * records what is damaged (overruns, underruns, writes after free). Returns the new violations.
   */
  verify(): Violation[];
  /** Verifies, then releases everything. Later calls throw. */
  close(): void;
}
