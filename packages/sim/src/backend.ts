/** createSimBackend: wires the address space, the verified heap and the services into one Backend. */
import { mulberry32, resolveBackendOptions, type Backend, type BackendOptions, type BackendSupports } from '@ddikit/types';
import { AddressSpace } from './address-space.js';
import { createDot11ExtServices } from './dot11ext.js';
import { FaultInjector } from './faults.js';
import { createHostServices } from './host.js';
import { HostMemory } from './host-memory.js';
import { IrqlState } from './irql.js';
import { createEventServices } from './kernel/event.js';
import { createMdlServices } from './kernel/mdl.js';
import { createPoolServices } from './kernel/pool.js';
import { createMemoryAccess } from './memory.js';
import { createNdisServices } from './ndis/services.js';
import type { SimContext } from './context.js';
import { VerifiedHeap } from './verified-heap.js';
import { ViolationLog } from './violation-log.js';

/** Where the verified heap starts before the seed's slide: a user-mode-looking high address. */
export const HEAP_BASE = 0x0000_7f00_0000_0000n;
/** Where host memory (the OS's structures, inputs to handlers) starts before the slide. */
export const HOST_BASE = 0x0000_5e00_0000_0000n;
/** Address space set aside for each region; only what is used is mapped, only what is written is backed. */
const REGION_RESERVE = 2 ** 40;
/** Seeds move each region by a multiple of 64 KiB (the Windows allocation granularity), up to 256 MiB. */
const SLIDE_GRANULARITY = 0x1_0000n;
const SLIDE_STEPS = 0x1000;

const SUPPORTS: BackendSupports = {
  dot11ext: true,
  ndis: true,
  kernel: true,
  faultInjection: true,
  memoryLimit: true,
  guardBytes: true,
  poisoning: true,
  threads: false,
  nativeModules: false,
};

type Method = (...args: unknown[]) => unknown;

/**
 * Wraps a service object so that every member fails once the backend is closed: a closed
 * backend has released its memory, and a call into it is a bug in the caller.
 */
function whileOpen<T extends object>(target: T, assertOpen: () => void): T {
  // Each method's guard is made once: a fresh closure at every call would cost more than
  // many of the calls it guards.
  const guarded = new Map<Method, Method>();
  const guard = (method: Method): Method =>
    function guardedMethod(...args: unknown[]) {
      assertOpen();
      return Reflect.apply(method, target, args);
    };
  return new Proxy(target, {
    get(object, key) {
      assertOpen();
      const value: unknown = Reflect.get(object, key, object);
      if (typeof value !== 'function') return value;
      let wrapper = guarded.get(value as Method);
      if (!wrapper) guarded.set(value as Method, (wrapper = guard(value as Method)));
      return wrapper;
    },
  });
}

/** A backend over a simulated address space: deterministic for given options, fast, no native code. */
export function createSimBackend(options: BackendOptions = {}): Backend {
  const { memoryLimit, quarantineBytes, seed, bugCheck } = resolveBackendOptions(options);

  const slide = mulberry32(seed);
  const slid = (base: bigint) => base + SLIDE_GRANULARITY * BigInt(slide() % SLIDE_STEPS);
  const space = new AddressSpace();
  const heapRegion = space.addRegion('heap', slid(HEAP_BASE), REGION_RESERVE);
  const hostRegion = space.addRegion('host', slid(HOST_BASE), REGION_RESERVE);

  const session: SimContext['session'] = { handler: undefined, deinitialized: false };
  const faults = new FaultInjector();
  const log = new ViolationLog({ bugCheck, faultsInjected: () => faults.anyInjected, currentHandler: () => session.handler });
  const irql = new IrqlState(log);
  const heap = new VerifiedHeap(heapRegion, log, {
    memoryLimit,
    quarantineBytes,
    caller: () => ({ handler: session.handler, irql: irql.current }),
  });
  const ctx: SimContext = { space, heap, hostMemory: new HostMemory(hostRegion), log, irql, faults, session };

  let closed = false;
  const assertOpen = () => {
    if (closed) throw new Error('backend is closed');
  };
  const open = <T extends object>(services: T) => whileOpen(services, assertOpen);

  return {
    name: 'sim',
    supports: { ...SUPPORTS },
    dot11ext: open(createDot11ExtServices(ctx)),
    host: open(createHostServices(ctx)),
    ndis: open(createNdisServices(ctx)),
    kernel: open({ ...createPoolServices(ctx), ...createMdlServices(ctx), ...createEventServices(ctx) }),
    memory: open(createMemoryAccess(ctx)),
    irql: open(irql),
    faults: open(faults),
    violations() {
      assertOpen();
      return log.all();
    },
    liveAllocations() {
      assertOpen();
      return heap.live().map((record) => ({ ...record.allocation }));
    },
    verify() {
      assertOpen();
      const before = log.count;
      heap.verify();
      return log.since(before);
    },
    close() {
      assertOpen();
      try {
        heap.verify();
      } finally {
        closed = true;
        space.release();
      }
    },
  };
}
