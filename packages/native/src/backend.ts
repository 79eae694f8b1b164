/**
 * createNativeBackend: the Backend interface on real memory. The C core does the work (and
 * is what native extensions call, from any thread); this file validates arguments, keeps
 * the backend's context active, and turns the core's records into @ddikit/types values.
 */
import {
  BugCheckError,
  checkPointer,
  checkSize,
  resolveBackendOptions,
  decodeNetBuffer,
  isValidIrql,
  Irql,
  NET_BUFFER_SIZE,
  type AllocateMdlResult,
  type Backend,
  type BackendOptions,
  type BackendSupports,
  type Dot11ExtService,
  type FaultInjection,
  type FaultTarget,
  type HandlerRef,
  type HostServices,
  type InjectedFault,
  type IrqlControl,
  type KernelServices,
  type NdisServices,
  type NetAllocateMdlHandler,
  type NetFreeMdlHandler,
  type Pointer,
  type ServiceCall,
  type Violation,
} from '@ddikit/types';
import koffi from 'koffi';
import { FAULT_TARGETS } from './enums.js';
import { handlerId, handlerName } from './handlers.js';
import { readLedger } from './heap-ledger.js';
import { arg, core, protos, ptr } from './library.js';
import { createMemory, readBytes } from './memory.js';
import { createModuleLoader } from './modules.js';
import { serviceId, serviceName, ViolationLog } from './violations.js';

export interface NativeBackendOptions extends BackendOptions {
  /** What Dot11ExtGetProfileCustomUserData hands out before the DLL stored anything. Default: 16 bytes. */
  defaultCustomUserData?: Uint8Array;
}

export interface NativeBackend extends Backend {
  /** The address of the core's DOT11EXT_APIS table (what InitService receives). */
  readonly dot11ExtApis: Pointer;
  /** The compiled core this backend runs on. */
  readonly libraryPath: string;
}

const SUPPORTS: BackendSupports = {
  dot11ext: true,
  ndis: true,
  kernel: true,
  faultInjection: true,
  memoryLimit: true,
  guardBytes: true,
  poisoning: true,
  threads: true,
  nativeModules: true,
};

const DEFAULT_CUSTOM_USER_DATA = new Uint8Array([
  0x64, 0x64, 0x69, 0x6b, 0x69, 0x74, 0x2d, 0x63, 0x75, 0x73, 0x74, 0x6f, 0x6d, 0x00, 0x01, 0x02,
]);

/** Which core context the exported services act on now; switched when another backend is used. */
let active: unknown = null;

export function createNativeBackend(options: NativeBackendOptions = {}): NativeBackend {
  const c = core();
  // The seed is checked but moves nothing: addresses here are real memory.
  const { memoryLimit, quarantineBytes, bugCheck } = resolveBackendOptions(options);
  const ctx = c.create(BigInt(memoryLimit), BigInt(quarantineBytes));
  if (!ctx) throw new Error('@ddikit/native: the core could not create a context (out of memory)');
  let closed = false;
  let current: string | undefined;
  const log = new ViolationLog();
  const hostService = c.hostService() as number;
  let hostWhat = 'host';
  const rename = (id: number) => (id === hostService ? hostWhat : undefined);

  const enter = () => {
    if (closed) throw new Error('backend is closed');
    if (active !== ctx) {
      c.activate(ctx);
      active = ctx;
    }
  };
  const sync = () => log.sync(rename);
  /** Bug-check mode: the first violation a call recorded is thrown. */
  const leave = () => {
    if (!bugCheck || closed) return;
    const added = sync();
    if (added.length) throw new BugCheckError(added[0]!);
  };
  function op<T>(body: () => T): T {
    enter();
    const result = body();
    leave();
    return result;
  }
  /**
   * A call whose point is the violations it finds (a check, DeinitService, unload): returns
   * just those. Earlier ones are collected first, so they are not counted as its own.
   */
  function findings(body: () => void): Violation[] {
    enter();
    sync();
    body();
    const added = sync();
    if (bugCheck && added.length) throw new BugCheckError(added[0]!);
    return added;
  }

  enter();
  const custom = options.defaultCustomUserData ?? DEFAULT_CUSTOM_USER_DATA;
  c.setDefaultCustomData(custom, custom.length);

  const memory = createMemory(enter);

  const dot11ext = {
    allocateBuffer(byteCount: number) {
      checkSize(byteCount, 'dwByteCount');
      return op(() => {
        const out: unknown[] = [null];
        const status = c.Dot11ExtAllocateBuffer(byteCount, out) as number;
        return { status, buffer: status === 0 ? ptr(out[0]) : 0n };
      });
    },
    freeBuffer(buffer: Pointer) {
      checkPointer(buffer, 'pvMemory');
      op(() => c.Dot11ExtFreeBuffer(arg(buffer)));
    },
    recordServiceCall(service: Dot11ExtService) {
      const recorded = op(() => c.recordServiceCall(serviceId(service)) as number);
      if (recorded !== 0) throw new RangeError(`${String(service)} is not one of the Dot11Ext services that are recorded`);
    },
    serviceCalls() {
      enter();
      const n = Number(c.callCount());
      const record = new Uint8Array(8);
      const v = new DataView(record.buffer);
      const out: ServiceCall[] = [];
      for (let i = 0; i < n; i++) {
        if (c.callGet(i, record) !== 0) break;
        const call: ServiceCall = { service: serviceName(v.getInt32(0, true)) as Dot11ExtService };
        const handler = handlerName(v.getInt32(4, true));
        if (handler !== undefined) call.handler = handler;
        out.push(call);
      }
      return out;
    },
  };

  const host: HostServices = {
    runHandler<T>(handler: string, body: () => T): T {
      enter();
      const previous = current;
      current = handler;
      c.setHandler(handlerId(handler));
      try {
        return body();
      } finally {
        current = previous;
        if (!closed) {
          enter();
          c.setHandler(handlerId(previous));
        }
      }
    },
    get currentHandler() {
      return current;
    },
    adoptBuffer(buffer, claim) {
      checkPointer(buffer, 'buffer');
      checkSize(claim.minimumSize, 'minimumSize');
      try {
        return findings(() => {
          hostWhat = claim.what; // names the service of what adoptBuffer records, until it is collected
          c.adoptBuffer(arg(buffer), claim.minimumSize, hostService);
        });
      } finally {
        hostWhat = 'host';
      }
    },
    releaseBuffer(buffer) {
      checkPointer(buffer, 'buffer');
      op(() => {
        if (c.releaseBuffer(arg(buffer)) !== 0) {
          throw new Error(`releaseBuffer(0x${buffer.toString(16)}): not a live buffer the OS adopted`);
        }
      });
    },
    handToExtension(bytes) {
      return op(() => ptr(c.handToExtension(bytes.length ? bytes : null, bytes.length)));
    },
    deinitService() {
      return findings(() => c.deinitService());
    },
    unloadDriver() {
      return findings(() => c.unloadDriver());
    },
  };

  const irql: IrqlControl = {
    get current() {
      enter();
      return c.KeGetCurrentIrql() as number;
    },
    raise(level) {
      if (!isValidIrql(level)) throw new RangeError(`an IRQL is an integer 0..15, got ${level}`);
      return op(() => c.raiseIrql(level) as number);
    },
    lower(level) {
      if (!isValidIrql(level)) throw new RangeError(`an IRQL is an integer 0..15, got ${level}`);
      op(() => c.KeLowerIrql(level));
    },
  };

  const target = (t: FaultTarget | undefined) => {
    const value = FAULT_TARGETS[t ?? 'all'];
    if (value === undefined) throw new RangeError(`a fault target is 'dot11ext', 'kernel' or 'all', got ${String(t)}`);
    return value;
  };
  const faults: FaultInjection = {
    failNth(n, opts) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`failNth takes a positive integer, got ${n}`);
      const t = target(opts?.target);
      op(() => c.failNth(BigInt(n), t));
    },
    failRandomly({ probability, seed, target: tt }) {
      if (!(probability >= 0 && probability <= 1)) throw new RangeError(`probability must be in 0..1, got ${probability}`);
      if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
      const t = target(tt);
      op(() => c.failRandomly(probability, seed >>> 0, t));
    },
    clear() {
      op(() => c.faultClear());
    },
    get attempts() {
      enter();
      return Number(c.faultAttempts());
    },
    injected() {
      enter();
      const n = Number(c.injectedCount());
      const record = new Uint8Array(24);
      const v = new DataView(record.buffer);
      const out: InjectedFault[] = [];
      for (let i = 0; i < n; i++) {
        if (c.injectedGet(i, record) !== 0) break;
        const fault: InjectedFault = {
          service: serviceName(v.getInt32(0, true)),
          attempt: Number(v.getBigUint64(8, true)),
          size: Number(v.getBigUint64(16, true)),
        };
        const handler = handlerName(v.getInt32(4, true));
        if (handler !== undefined) fault.handler = handler;
        out.push(fault);
      }
      return out;
    },
  };

  const kernel: KernelServices = {
    exAllocatePoolWithTag(poolType, numberOfBytes, tag) {
      checkSize(numberOfBytes, 'NumberOfBytes');
      return op(() => ptr(c.ExAllocatePoolWithTag(poolType, numberOfBytes, tag >>> 0)));
    },
    exAllocatePool2(flags, numberOfBytes, tag) {
      checkSize(numberOfBytes, 'NumberOfBytes');
      return op(() => ptr(c.ExAllocatePool2(flags, numberOfBytes, tag >>> 0)));
    },
    exFreePoolWithTag(address, tag) {
      checkPointer(address, 'P');
      op(() => c.ExFreePoolWithTag(arg(address), tag >>> 0));
    },
    exFreePool(address) {
      checkPointer(address, 'P');
      op(() => c.ExFreePool(arg(address)));
    },
    ioAllocateMdl(virtualAddress, length) {
      checkSize(length, 'Length');
      return op(() => ptr(c.IoAllocateMdl(arg(virtualAddress), length, 0, 0, null)));
    },
    ioFreeMdl(mdl) {
      checkPointer(mdl, 'Mdl');
      op(() => c.IoFreeMdl(arg(mdl)));
    },
    mmBuildMdlForNonPagedPool(mdl) {
      readBytes(checkPointer(mdl, 'Mdl'), 48);
      op(() => c.MmBuildMdlForNonPagedPool(arg(mdl)));
    },
    mmGetSystemAddressForMdlSafe(mdl, priority) {
      readBytes(checkPointer(mdl, 'Mdl'), 48);
      return op(() => ptr(c.MmGetSystemAddressForMdlSafe(arg(mdl), priority >>> 0)));
    },
    ndisAllocateMdl(virtualAddress, length) {
      checkSize(length, 'Length');
      return op(() => ptr(c.NdisAllocateMdl(null, arg(virtualAddress), length)));
    },
    ndisFreeMdl(mdl) {
      checkPointer(mdl, 'Mdl');
      op(() => c.NdisFreeMdl(arg(mdl)));
    },
    ndisAllocateMemoryWithTagPriority(length, tag, priority) {
      checkSize(length, 'Length');
      return op(() => ptr(c.NdisAllocateMemoryWithTagPriority(null, length, tag >>> 0, priority)));
    },
    ndisFreeMemory(virtualAddress, length, memoryFlags) {
      checkPointer(virtualAddress, 'VirtualAddress');
      op(() => c.NdisFreeMemory(arg(virtualAddress), length >>> 0, memoryFlags >>> 0));
    },
    keInitializeEvent(event, type, signaled) {
      readBytes(checkPointer(event, 'Event'), 24);
      op(() => c.KeInitializeEvent(arg(event), type, signaled ? 1 : 0));
    },
    keSetEvent(event) {
      checkPointer(event, 'Event');
      op(() => {
        if (c.eventKnown(arg(event)) !== 1) throw new RangeError(`KeSetEvent: 0x${event.toString(16)} is not an initialized KEVENT`);
        c.KeSetEvent(arg(event), 0, 0);
      });
    },
    keWaitForSingleObject(object, timeout) {
      checkPointer(object, 'Object');
      return op(() => {
        if (c.eventKnown(arg(object)) !== 1) {
          throw new RangeError(`KeWaitForSingleObject: 0x${object.toString(16)} is not an initialized KEVENT`);
        }
        const t = timeout === null ? null : new BigInt64Array([BigInt.asIntN(64, timeout)]);
        return (c.KeWaitForSingleObject(arg(object), 0, 0, 0, t) as number) >>> 0;
      });
    },
  };

  /** A handler argument as a C function pointer; TypeScript functions are registered for the call. */
  function withAllocHandler<T>(ref: HandlerRef<NetAllocateMdlHandler>, body: (fn: bigint | null) => T): T {
    if (ref === null || ref === undefined) return body(null);
    if (typeof ref === 'bigint') return body(arg(ref));
    const handler = ref;
    const registered = koffi.register((sizePtr: unknown) => {
      const p = ptr(sizePtr);
      const requested = koffi.decode(p, 'uint32_t') as number;
      const result: AllocateMdlResult = handler(requested);
      koffi.encode(p, 'uint32_t', result.bufferSize >>> 0);
      return arg(result.mdl);
    }, koffi.pointer(protos().NetAllocateMdlCallback));
    try {
      return body(registered);
    } finally {
      koffi.unregister(registered);
    }
  }

  function withFreeHandler<T>(ref: HandlerRef<NetFreeMdlHandler>, body: (fn: bigint | null) => T): T {
    if (ref === null || ref === undefined) return body(null);
    if (typeof ref === 'bigint') return body(arg(ref));
    const handler = ref;
    const registered = koffi.register((mdl: unknown) => handler(ptr(mdl)), koffi.pointer(protos().NetFreeMdl));
    try {
      return body(registered);
    } finally {
      koffi.unregister(registered);
    }
  }

  const readNetBuffer = (nb: Pointer) => decodeNetBuffer(readBytes(nb, NET_BUFFER_SIZE));

  const ndis: NdisServices = {
    allocateMdl(bufferSize) {
      checkSize(bufferSize, 'BufferSize');
      return op(() => {
        const size = [bufferSize];
        const mdl = ptr(c.defaultAllocateMdl(size));
        return { mdl, bufferSize: size[0]! };
      });
    },
    freeMdl(mdl) {
      checkPointer(mdl, 'Mdl');
      op(() => c.defaultFreeMdl(arg(mdl)));
    },
    allocateNetBuffer({ dataOffset, dataLength }) {
      checkSize(dataOffset, 'dataOffset');
      checkSize(dataLength, 'dataLength');
      if (dataOffset + dataLength === 0 || dataOffset + dataLength > 0xffff_ffff) {
        throw new RangeError('a NET_BUFFER needs dataOffset + dataLength in 1..0xFFFFFFFF bytes');
      }
      return op(() => {
        const nb = ptr(c.allocateNetBuffer(dataOffset, dataLength));
        if (nb === 0n) throw new Error(`memory exhausted allocating a NET_BUFFER of ${dataOffset + dataLength} bytes`);
        return nb;
      });
    },
    freeNetBuffer(netBuffer) {
      readNetBuffer(checkPointer(netBuffer, 'NetBuffer'));
      op(() => {
        if (c.freeNetBuffer(arg(netBuffer)) !== 0) throw new Error(`freeNetBuffer: 0x${netBuffer.toString(16)} is not a NET_BUFFER from allocateNetBuffer`);
      });
    },
    allocateNetBufferList(netBuffers) {
      return op(() => {
        const list = new BigUint64Array(netBuffers.map((nb) => checkPointer(nb, 'NetBuffer')));
        const nbl = ptr(c.allocateNetBufferList(list.length ? list : null, list.length));
        if (nbl === 0n) throw new Error('memory exhausted allocating a NET_BUFFER_LIST');
        return nbl;
      });
    },
    freeNetBufferList(netBufferList) {
      readBytes(checkPointer(netBufferList, 'NetBufferList'), 16);
      op(() => {
        if (c.freeNetBufferList(arg(netBufferList)) !== 0) throw new Error('freeNetBufferList: not a NET_BUFFER_LIST from allocateNetBufferList');
      });
    },
    readNetBuffer(netBuffer) {
      enter();
      return readNetBuffer(netBuffer);
    },
    retreatNetBufferDataStart(netBuffer, delta, backfill, allocateMdl) {
      readNetBuffer(checkPointer(netBuffer, 'NetBuffer'));
      checkSize(delta, 'DataOffsetDelta');
      checkSize(backfill, 'DataBackFill');
      return op(() =>
        withAllocHandler(allocateMdl, (fn) => (c.NdisRetreatNetBufferDataStart(arg(netBuffer), delta, backfill, fn) as number) >>> 0),
      );
    },
    retreatNetBufferListDataStart(netBufferList, delta, backfill, allocateMdl, freeMdl) {
      readBytes(checkPointer(netBufferList, 'NetBufferList'), 16);
      checkSize(delta, 'DataOffsetDelta');
      checkSize(backfill, 'DataBackFill');
      return op(() =>
        withAllocHandler(allocateMdl, (a) =>
          withFreeHandler(
            freeMdl,
            (f) => (c.NdisRetreatNetBufferListDataStart(arg(netBufferList), delta, backfill, a, f) as number) >>> 0,
          ),
        ),
      );
    },
    advanceNetBufferDataStart(netBuffer, delta, freeMdl, freeMdlHandler) {
      const nb = readNetBuffer(checkPointer(netBuffer, 'NetBuffer'));
      checkSize(delta, 'DataOffsetDelta');
      op(() => {
        if ((c.KeGetCurrentIrql() as number) <= Irql.DISPATCH_LEVEL && delta > nb.dataLength) {
          throw new RangeError(`NdisAdvanceNetBufferDataStart by ${delta} bytes past DataLength ${nb.dataLength}`);
        }
        withFreeHandler(freeMdlHandler, (fn) => c.NdisAdvanceNetBufferDataStart(arg(netBuffer), delta, freeMdl ? 1 : 0, fn));
      });
    },
  };

  const backend: NativeBackend = {
    name: 'native',
    supports: SUPPORTS,
    dot11ext,
    host,
    ndis,
    kernel,
    memory,
    irql,
    faults,
    modules: undefined as never,
    libraryPath: c.path,
    get dot11ExtApis() {
      return ptr(c.apis());
    },
    violations(): Violation[] {
      enter();
      sync();
      return log.all();
    },
    liveAllocations() {
      enter();
      return readLedger();
    },
    verify() {
      return findings(() => c.verify());
    },
    close() {
      if (closed) throw new Error('backend is closed');
      enter();
      sync();
      c.verify();
      sync();
      closed = true;
      c.destroy(ctx);
      if (active === ctx) active = null;
    },
  };
  Object.defineProperty(backend, 'modules', {
    value: createModuleLoader({ enter, leave, host, memory }),
    enumerable: true,
  });
  return backend;
}

