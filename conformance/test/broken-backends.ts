/**
 * Deliberately broken backends: a real backend (sim by default) with one behaviour broken
 * each, so the suite is shown to fail when a rule is broken, not only to pass when it
 * holds. Each wrapper overrides members of a live backend, through the Backend interface
 * alone, and delegates everything else.
 */
import { createSimBackend } from '@ddikit/sim';
import {
  Irql,
  MDL_HEADER_SIZE,
  NdisStatus,
  NetBufferListOffset,
  PFN_SIZE,
  PAGE_SHIFT,
  PoolType,
  Win32Error,
  byteOffset,
  encodeMdl,
  isPagedPoolType,
  mdlSize,
  pageAlign,
  pagesSpanned,
  poolTag,
  readPointer,
  writePointer,
  type Allocator,
  type Backend,
  type BackendContractId,
  type BackendFactory,
  type Pointer,
  type Violation,
  type ViolationKindName,
} from '@ddikit/types';
import { readMdl } from '../src/contracts/support.js';

export interface BrokenVariant {
  name: string;
  /** The contract whose rule the variant breaks. */
  breaks: BackendContractId;
  /** Other contracts it cannot help failing, each with the reason. */
  alsoFails?: Partial<Record<BackendContractId, string>>;
  break(backend: Backend): Backend;
}

/** A backend factory for the variant: a fresh backend from `base`, broken. */
export function brokenFactory(variant: BrokenVariant, base: BackendFactory = createSimBackend): BackendFactory {
  return async (options) => variant.break(await base(options));
}

/** `target` with some members replaced; the rest, getters included, still read the original. */
function overrideMembers<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, key) {
      if (Object.hasOwn(overrides, key)) return overrides[key as keyof T];
      const value: unknown = Reflect.get(object, key, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

type Section = 'dot11ext' | 'host' | 'ndis' | 'kernel' | 'irql';
type BackendPatch = { [K in Section]?: Partial<Backend[K]> } & Partial<Pick<Backend, 'violations' | 'verify'>>;

function patch(backend: Backend, changes: BackendPatch): Backend {
  const { dot11ext, host, ndis, kernel, irql, ...top } = changes;
  const sections = { dot11ext, host, ndis, kernel, irql };
  const replaced: Partial<Backend> = { ...top };
  for (const [name, overrides] of Object.entries(sections) as Array<[Section, object | undefined]>) {
    if (overrides) Object.assign(replaced, { [name]: overrideMembers(backend[name], overrides) });
  }
  return overrideMembers(backend, replaced);
}

/** A backend that never reports these kinds: the check happens, the report does not. */
function hideViolations(backend: Backend, ...kinds: ViolationKindName[]): Backend {
  const shown = (list: Violation[]) => list.filter((v) => !kinds.includes(v.kind));
  return patch(backend, {
    violations: () => shown(backend.violations()),
    verify: () => shown(backend.verify()),
    host: {
      adoptBuffer: (buffer, claim) => shown(backend.host.adoptBuffer(buffer, claim)),
      deinitService: () => shown(backend.host.deinitService()),
      unloadDriver: () => shown(backend.host.unloadDriver()),
    },
  });
}

/** Runs `body` at `level`, then puts the IRQL back, whichever way that is. */
function withIrql<T>(backend: Backend, level: Irql, body: () => T): T {
  const previous = backend.irql.current;
  const set = (to: Irql, from: Irql) => (to > from ? backend.irql.raise(to) : backend.irql.lower(to));
  set(level, previous);
  try {
    return body();
  } finally {
    set(previous, level);
  }
}

/** Runs `body` at no more than `level`. */
function atMost<T>(backend: Backend, level: Irql, body: () => T): T {
  return backend.irql.current > level ? withIrql(backend, level, body) : body();
}

const TAG = poolTag('Brkn');

/**
 * A NetAllocateMdl/NetFreeMdl pair built the way many drivers build theirs: a pool block
 * of the same size next to each MDL from NDIS's allocator, allocated first. `bugs` says
 * which mistake the pair makes. Above DISPATCH_LEVEL both calls go straight to NDIS, which
 * reports the IRQL as it would before calling any handler.
 */
function sideBlockPair(
  backend: Backend,
  bugs: { poolType: number; leakOnMdlFailure?: boolean; keepOnFree?: boolean; describeSideBlock?: boolean },
): Backend {
  const sides = new Map<Pointer, Pointer>();
  const ndis = backend.ndis;
  const sideLevel = isPagedPoolType(bugs.poolType) ? Irql.APC_LEVEL : Irql.DISPATCH_LEVEL;
  const freeSide = (side: Pointer) => atMost(backend, sideLevel, () => backend.kernel.exFreePoolWithTag(side, TAG));

  // The MDL is rewritten to describe the side block instead of NDIS's data.
  const describe = (mdl: Pointer, side: Pointer, size: number) => {
    backend.memory.write(mdl, encodeMdl({ ...readMdl(backend, mdl), startVa: pageAlign(side), byteOffset: byteOffset(side), mappedSystemVa: side, size: mdlSize(side, size) }));
    for (let page = 0; page < pagesSpanned(side, size); page++) {
      writePointer(backend.memory, mdl + BigInt(MDL_HEADER_SIZE + page * PFN_SIZE), (pageAlign(side) >> BigInt(PAGE_SHIFT)) + BigInt(page));
    }
  };

  return patch(backend, {
    ndis: {
      allocateMdl(size) {
        if (size === 0 || backend.irql.current > Irql.DISPATCH_LEVEL) return ndis.allocateMdl(size);
        const side = atMost(backend, sideLevel, () => backend.kernel.exAllocatePoolWithTag(bugs.poolType, size, TAG));
        if (side === 0n) return { mdl: 0n, bufferSize: size };
        const result = ndis.allocateMdl(size);
        if (result.mdl === 0n) {
          if (!bugs.leakOnMdlFailure) freeSide(side);
          return result;
        }
        sides.set(result.mdl, side);
        if (bugs.describeSideBlock) describe(result.mdl, side, size);
        return result;
      },
      freeMdl(mdl) {
        const side = sides.get(mdl);
        ndis.freeMdl(mdl);
        if (side === undefined) return;
        sides.delete(mdl);
        if (!bugs.keepOnFree) freeSide(side);
      },
    },
  });
}

const liveBlock = (backend: Backend, address: Pointer) => backend.liveAllocations().find((a) => a.address === address);

/** How each allocator's own free is called, for a NetFreeMdl that frees anything. */
const ownFree: Record<Exclude<Allocator, 'net-mdl'>, (backend: Backend, address: Pointer, size: number) => void> = {
  dot11ext: (b, p) => b.dot11ext.freeBuffer(p),
  pool: (b, p) => b.kernel.exFreePool(p),
  'ndis-memory': (b, p, size) => b.kernel.ndisFreeMemory(p, size, 0),
  'io-mdl': (b, p) => b.kernel.ioFreeMdl(p),
  'ndis-mdl': (b, p) => b.kernel.ndisFreeMdl(p),
};

const FIRST_NET_BUFFER = BigInt(NetBufferListOffset.FirstNetBuffer);

export const brokenVariants: BrokenVariant[] = [
  {
    name: 'large buffers are carved from one arena that is handed out again while live',
    breaks: 'dot11ext.alloc.success',
    break(be) {
      const LARGE = 0x10000;
      const HUGE = 0x100_0000; // sizes past this (the extremes) go to the real allocator
      const OFFSET = 16;
      // The arena is twice the first request, so a buffer carved from it overlaps a live one
      // while staying inside real memory: on native, writes past it would corrupt the process.
      let arena: { address: Pointer; size: number } | undefined;
      return patch(be, {
        dot11ext: {
          allocateBuffer(size) {
            if (size < LARGE || size > HUGE) return be.dot11ext.allocateBuffer(size);
            if (arena && size + OFFSET <= arena.size && liveBlock(be, arena.address)) {
              return { status: Win32Error.ERROR_SUCCESS, buffer: arena.address + BigInt(OFFSET) };
            }
            const result = be.dot11ext.allocateBuffer(size * 2);
            if (result.status === Win32Error.ERROR_SUCCESS) arena = { address: result.buffer, size: size * 2 };
            return result;
          },
        },
      });
    },
  },
  {
    name: 'a stale pointer with ERROR_OUTOFMEMORY',
    breaks: 'dot11ext.alloc.null-on-failure',
    alsoFails: { 'dot11ext.alloc.extreme-sizes': 'its sizes past the memory limit fail too, and that contract also requires *ppvBuffer NULL on failure' },
    break(be) {
      let last: Pointer = 0x1000n;
      return patch(be, {
        dot11ext: {
          allocateBuffer(size) {
            const result = be.dot11ext.allocateBuffer(size);
            if (result.status === Win32Error.ERROR_SUCCESS) last = result.buffer;
            return result.status === Win32Error.ERROR_OUTOFMEMORY ? { status: result.status, buffer: last } : result;
          },
        },
      });
    },
  },
  {
    name: 'a 16-byte header added in 32-bit arithmetic (huge sizes wrap to tiny blocks)',
    breaks: 'dot11ext.alloc.extreme-sizes',
    break: (be) =>
      patch(be, {
        dot11ext: { allocateBuffer: (size) => be.dot11ext.allocateBuffer(size + 16 > 0xffff_ffff ? (size + 16) >>> 0 : size) },
      }),
  },
  {
    name: 'Dot11ExtFreeBuffer(NULL) dereferences the pointer',
    breaks: 'dot11ext.free.null',
    break: (be) =>
      patch(be, {
        dot11ext: {
          freeBuffer(buffer) {
            if (buffer === 0n) throw new TypeError("Cannot read properties of null (reading 'header')");
            be.dot11ext.freeBuffer(buffer);
          },
        },
      }),
  },
  { name: 'a double free goes unreported', breaks: 'dot11ext.free.double', break: (be) => hideViolations(be, 'DOT11EXT_DOUBLE_FREE') },
  { name: 'a foreign free is accepted silently', breaks: 'dot11ext.free.foreign', break: (be) => hideViolations(be, 'DOT11EXT_FOREIGN_FREE') },
  { name: 'no guard-byte check', breaks: 'dot11ext.free.overrun', break: (be) => hideViolations(be, 'DOT11EXT_OVERRUN', 'DOT11EXT_UNDERRUN') },
  { name: 'no poison check', breaks: 'dot11ext.free.use-after-free', break: (be) => hideViolations(be, 'DOT11EXT_USE_AFTER_FREE') },
  {
    name: 'the DLL may free a buffer it returned to the OS, silently',
    breaks: 'dot11ext.ownership.transfer',
    break(be) {
      const transferred = new Set<Pointer>();
      return patch(be, {
        host: {
          adoptBuffer(buffer, claim) {
            const violations = be.host.adoptBuffer(buffer, claim);
            if (liveBlock(be, buffer)?.owner === 'os') transferred.add(buffer);
            return violations;
          },
        },
        dot11ext: {
          freeBuffer(buffer) {
            if (!transferred.has(buffer)) be.dot11ext.freeBuffer(buffer);
          },
        },
      });
    },
  },
  { name: 'DeinitService forgets leaks', breaks: 'dot11ext.ownership.leak', break: (be) => hideViolations(be, 'DOT11EXT_LEAK') },
  { name: 'service calls after DeinitService go unreported', breaks: 'dot11ext.ownership.leak', break: (be) => hideViolations(be, 'CALL_AFTER_DEINIT') },
  {
    name: 'NetAllocateMdl writes a ByteCount one byte short',
    breaks: 'ndis.mdl.success',
    alsoFails: { 'ndis.retreat': "the Retreat check's handlers allocate with NetAllocateMdl, and Advance walks the chain by ByteCount" },
    break: (be) =>
      patch(be, {
        ndis: {
          allocateMdl(size) {
            const result = be.ndis.allocateMdl(size);
            if (result.mdl !== 0n && size > 1) be.memory.write(result.mdl, encodeMdl({ ...readMdl(be, result.mdl), byteCount: size - 1 }));
            return result;
          },
        },
      }),
  },
  {
    name: 'NetAllocateMdl leaks its pool block when the MDL allocation fails',
    breaks: 'ndis.mdl.null-on-failure',
    break: (be) => sideBlockPair(be, { poolType: PoolType.NonPagedPoolNx, leakOnMdlFailure: true }),
  },
  {
    name: 'NetAllocateMdl allocates above DISPATCH_LEVEL',
    breaks: 'ndis.mdl.irql',
    break: (be) =>
      patch(be, {
        ndis: { allocateMdl: (size) => atMost(be, Irql.DISPATCH_LEVEL, () => be.ndis.allocateMdl(size)) },
      }),
  },
  {
    name: 'NetAllocateMdl over paged memory',
    breaks: 'ndis.mdl.nonpaged',
    break: (be) => sideBlockPair(be, { poolType: PoolType.PagedPool, describeSideBlock: true }),
  },
  {
    name: 'NetFreeMdl frees only the MDL',
    breaks: 'ndis.mdl.free-same-mechanism',
    break: (be) => sideBlockPair(be, { poolType: PoolType.NonPagedPoolNx, keepOnFree: true }),
  },
  {
    name: 'NetFreeMdl frees any block through its own allocator, silently',
    breaks: 'ndis.mdl.free-same-mechanism',
    break: (be) =>
      patch(be, {
        ndis: {
          freeMdl(mdl) {
            const block = liveBlock(be, mdl);
            if (block && block.allocator !== 'net-mdl') ownFree[block.allocator](be, mdl, block.size);
            else be.ndis.freeMdl(mdl);
          },
        },
      }),
  },
  {
    name: 'Retreat calls the handler even when DataOffset >= DataOffsetDelta',
    breaks: 'ndis.retreat',
    break: (be) =>
      patch(be, {
        ndis: {
          retreatNetBufferDataStart(netBuffer, delta, backfill, allocateMdl) {
            if (typeof allocateMdl === 'function' && be.ndis.readNetBuffer(netBuffer).dataOffset >= delta) {
              const { mdl } = allocateMdl(backfill + delta);
              if (mdl !== 0n) be.ndis.freeMdl(mdl);
            }
            return be.ndis.retreatNetBufferDataStart(netBuffer, delta, backfill, allocateMdl);
          },
        },
      }),
  },
  {
    name: 'the list form of Retreat does not roll back',
    breaks: 'ndis.retreat',
    break: (be) =>
      patch(be, {
        ndis: {
          retreatNetBufferListDataStart(list, delta, backfill, allocateMdl, freeMdl) {
            if ((allocateMdl === null) !== (freeMdl === null)) return be.ndis.retreatNetBufferListDataStart(list, delta, backfill, allocateMdl, freeMdl);
            for (let nb = readPointer(be.memory, list + FIRST_NET_BUFFER); nb !== 0n; nb = be.ndis.readNetBuffer(nb).next) {
              const status = be.ndis.retreatNetBufferDataStart(nb, delta, backfill, allocateMdl);
              if (status !== NdisStatus.NDIS_STATUS_SUCCESS) return status;
            }
            return NdisStatus.NDIS_STATUS_SUCCESS;
          },
        },
      }),
  },
  {
    name: 'ExAllocatePoolWithTag gives paged pool at DISPATCH_LEVEL',
    breaks: 'kernel.irql.pool',
    break: (be) =>
      patch(be, {
        kernel: {
          exAllocatePoolWithTag: (poolType, size, tag) =>
            isPagedPoolType(poolType) && be.irql.current <= Irql.DISPATCH_LEVEL
              ? atMost(be, Irql.APC_LEVEL, () => be.kernel.exAllocatePoolWithTag(poolType, size, tag))
              : be.kernel.exAllocatePoolWithTag(poolType, size, tag),
        },
      }),
  },
  {
    name: 'ExAllocatePoolWithTag(0) succeeds silently',
    breaks: 'kernel.pool.integrity',
    break: (be) =>
      patch(be, {
        kernel: { exAllocatePoolWithTag: (poolType, size, tag) => be.kernel.exAllocatePoolWithTag(poolType, Math.max(size, 1), tag) },
      }),
  },
  { name: 'no leak report at unloadDriver', breaks: 'kernel.pool.leak', break: (be) => hideViolations(be, 'POOL_LEAK_AT_UNLOAD') },
];
