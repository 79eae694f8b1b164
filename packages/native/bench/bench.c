/* Allocate+free pairs timed in C: plain malloc/free, and the Dot11Ext table with full tracking. */
#define _POSIX_C_SOURCE 200809L
#include <ddikit/wlanihv.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* Called through pointers, as a DLL calls its heap, so the compiler cannot elide the pairs. */
static void *(*volatile do_malloc)(size_t) = malloc;
static void (*volatile do_free)(void *) = free;

DDIKIT_EXPORT double bench_malloc(int iterations, unsigned size) {
  double start = now_ns();
  for (int i = 0; i < iterations; i++) {
    unsigned char *p = do_malloc(size);
    p[0] = (unsigned char)i;
    do_free(p);
  }
  return (now_ns() - start) / iterations;
}

DDIKIT_EXPORT double bench_table(PDOT11EXT_APIS apis, int iterations, unsigned size) {
  DOT11EXT_ALLOCATE_BUFFER alloc = apis->Dot11ExtAllocateBuffer;
  DOT11EXT_FREE_BUFFER release = apis->Dot11ExtFreeBuffer;
  double start = now_ns();
  for (int i = 0; i < iterations; i++) {
    unsigned char *p = NULL;
    if (alloc(size, (LPVOID *)&p) != ERROR_SUCCESS) return -1;
    p[0] = (unsigned char)i;
    release(p);
  }
  return (now_ns() - start) / iterations;
}
