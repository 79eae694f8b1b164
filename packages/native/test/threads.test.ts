import { Irql } from '@ddikit/types';
import koffi from 'koffi';
import { afterAll, describe, expect, it } from 'vitest';
import { createNativeBackend } from '../src/index.js';
import { cleanup, compileModule } from './compile.js';

afterAll(cleanup);

/** Runs a koffi function on a worker thread (koffi's async call) as a promise. */
function callAsync(fn: { async: (...args: unknown[]) => void }, ...args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => fn.async(...args, (error: unknown, result: unknown) => (error ? reject(error) : resolve(result))));
}

const SOURCE = String.raw`
#include <ddikit/wlanihv.h>
#include <ddikit/ndis.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

typedef struct { PDOT11EXT_APIS apis; int iterations; int id; long errors; KIRQL start_irql; } job;

static void *worker(void *arg) {
  job *j = arg;
  j->start_irql = KeGetCurrentIrql();
  for (int i = 0; i < j->iterations; i++) {
    LPVOID a = NULL, b = NULL;
    DWORD size = 16 + (DWORD)((i * 7 + j->id) % 200);
    if (j->apis->Dot11ExtAllocateBuffer(size, &a) != ERROR_SUCCESS || !a) { j->errors++; continue; }
    if (j->apis->Dot11ExtAllocateBuffer(8, &b) != ERROR_SUCCESS || !b) { j->errors++; j->apis->Dot11ExtFreeBuffer(a); continue; }
    memset(a, j->id, size);
    memset(b, j->id + 100, 8);
    const unsigned char *p = a;
    for (DWORD k = 0; k < size; k++) if (p[k] != (unsigned char)j->id) { j->errors++; break; }
    j->apis->Dot11ExtFreeBuffer(b);
    j->apis->Dot11ExtFreeBuffer(a);
  }
  return NULL;
}

/* Starts n threads that allocate and free through the table concurrently; returns the errors seen. */
DDIKIT_EXPORT long run_threads(PDOT11EXT_APIS apis, int n, int iterations) {
  pthread_t t[16];
  job jobs[16];
  long errors = 0;
  if (n > 16) n = 16;
  for (int i = 0; i < n; i++) {
    jobs[i] = (job){ apis, iterations, i + 1, 0, 0xff };
    pthread_create(&t[i], NULL, worker, &jobs[i]);
  }
  for (int i = 0; i < n; i++) {
    pthread_join(t[i], NULL);
    errors += jobs[i].errors + (jobs[i].start_irql != PASSIVE_LEVEL);
  }
  return errors;
}

static KEVENT event;
static void *setter(void *arg) {
  (void)arg;
  LARGE_INTEGER delay; delay.QuadPart = -20 * 10000; /* 20 ms */
  KEVENT sleeper;
  KeInitializeEvent(&sleeper, NotificationEvent, FALSE);
  KeWaitForSingleObject(&sleeper, Executive, KernelMode, FALSE, &delay);
  KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
  return NULL;
}

/* Waits for an event another thread sets: a real wait. */
DDIKIT_EXPORT NTSTATUS wait_for_thread(void) {
  pthread_t t;
  KeInitializeEvent(&event, SynchronizationEvent, FALSE);
  pthread_create(&t, NULL, setter, NULL);
  LARGE_INTEGER timeout; timeout.QuadPart = -5LL * 10000000; /* 5 s */
  NTSTATUS status = KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout);
  pthread_join(t, NULL);
  return status;
}
`;

describe('threads the extension starts', () => {
  it('allocate and free through the table concurrently while JavaScript keeps running', async () => {
    const be = createNativeBackend({ memoryLimit: 256 << 20 });
    const lib = koffi.load(compileModule('threads', SOURCE));
    const run = lib.func('long run_threads(void *apis, int n, int iterations)');
    be.irql.raise(Irql.DISPATCH_LEVEL); // per thread: the workers start at PASSIVE_LEVEL
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const errors = await be.host.runHandler('Dot11ExtIhvInitAdapter', () =>
      callAsync(run, be.dot11ExtApis, 4, 100_000),
    );
    clearInterval(timer);
    expect(errors).toBe(0);
    expect(ticks).toBeGreaterThan(0);
    expect(be.violations()).toEqual([]);
    expect(be.liveAllocations()).toEqual([]);
    expect(be.verify()).toEqual([]);
    be.irql.lower(Irql.PASSIVE_LEVEL);
    be.close();
    lib.unload();
  }, 120_000);

  it('KeWaitForSingleObject really waits for another thread', async () => {
    const be = createNativeBackend();
    const lib = koffi.load(compileModule('waits', SOURCE));
    const wait = lib.func('int32_t wait_for_thread(void)');
    expect(await callAsync(wait)).toBe(0);
    expect(be.violations()).toEqual([]);
    be.close();
    lib.unload();
  });
});
