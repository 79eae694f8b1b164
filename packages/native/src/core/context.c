/*
 * Contexts (one per backend), the active one, and what TypeScript reads: the ledger,
 * the violation log, the fault plan and its record, host memory.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core.h"

_Atomic(ddk_ctx *) ddk_current;
static atomic_uint_fast64_t next_gen = 1;

DDK_API ddk_ctx *ddk_create(uint64_t memory_limit, uint64_t quarantine_bytes) {
  ddk_ctx *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->memory_limit = memory_limit;
  c->quarantine_bytes = quarantine_bytes;
  if (ddk_heap_init(c) || ddk_map_init(&c->host, 64) || ddk_map_init(&c->retreat, 64)) {
    ddk_heap_destroy(c);
    ddk_map_free(&c->host);
    ddk_map_free(&c->retreat);
    free(c);
    return NULL;
  }
  ddk_lock_init(&c->lock);
  pthread_mutex_init(&c->ev_lock, NULL);
  pthread_cond_init(&c->ev_cond, NULL);
  c->gen = atomic_fetch_add(&next_gen, 1);
  atomic_store(&c->handler, 0);
  atomic_store(&c->deinit, 0);
  return c;
}

/* Makes c the context the exported Windows services act on. */
DDK_API void ddk_activate(ddk_ctx *c) { atomic_store_explicit(&ddk_current, c, memory_order_release); }

DDK_API void ddk_destroy(ddk_ctx *c) {
  if (!c) return;
  ddk_ctx *expected = c;
  atomic_compare_exchange_strong(&ddk_current, &expected, NULL);
  ddk_heap_destroy(c);
  for (size_t i = 0; i < c->host.cap; i++)
    if (c->host.slots[i].key) free((void *)c->host.slots[i].key);
  ddk_map_free(&c->host);
  ddk_map_free(&c->retreat);
  free(c->injected);
  free(c->violations);
  free(c->calls);
  free(c->custom_data);
  free(c->default_custom_data);
  free(c->events);
  pthread_mutex_destroy(&c->ev_lock);
  pthread_cond_destroy(&c->ev_cond);
  free(c);
}

/* host.runHandler: the handler threads of the extension are attributed to, 0 for none. */
DDK_API void ddk_set_handler(int32_t id) {
  ddk_ctx *c = ddk_ctx_get();
  if (c) atomic_store(&c->handler, id);
}

DDK_API uint8_t ddk_raise_irql(uint8_t level) {
  KIRQL old;
  KeRaiseIrql(level, &old);
  return old;
}

/* ---- ledger ---- */

typedef struct ddk_allocation {
  uint64_t address;
  uint64_t size;
  uint64_t order;
  uint32_t tag;
  int32_t pool_type;
  int32_t handler;
  int32_t allocator;
  int32_t owner;
  int32_t paged;
  int32_t irql;
  int32_t pad;
} ddk_allocation;

static int by_order(const void *a, const void *b) {
  uint64_t x = ((const ddk_allocation *)a)->order, y = ((const ddk_allocation *)b)->order;
  return x < y ? -1 : x > y;
}

/* Copies up to max live blocks, in allocation order; returns how many are live. */
DDK_API uint64_t ddk_ledger(ddk_allocation *out, uint64_t max) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return 0;
  ddk_lock(c);
  uint64_t n = 0;
  ddk_heap_iter it = {0};
  for (ddk_rec *r; (r = ddk_heap_next(c, &it)) != NULL;) {
    if (r->state != ST_LIVE) continue;
    if (n < max) {
      ddk_allocation *a = &out[n];
      a->address = r->addr;
      a->size = r->size;
      a->order = r->order;
      a->tag = r->tag;
      a->pool_type = r->pool_type;
      a->handler = r->handler;
      a->allocator = r->allocator;
      a->owner = r->owner;
      a->paged = r->paged;
      a->irql = r->irql;
      a->pad = 0;
    }
    n++;
  }
  ddk_unlock(c);
  if (out && n <= max) qsort(out, (size_t)n, sizeof *out, by_order);
  return n;
}

/* 'live', 'quarantined' or 0 (unknown) for an address, with the block's allocator. */
DDK_API int32_t ddk_block_state(uintptr_t p, int32_t *allocator) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return 0;
  ddk_lock(c);
  ddk_rec *r = ddk_heap_lookup(c, p);
  int32_t state = r ? r->state : 0;
  if (r && allocator) *allocator = r->allocator;
  ddk_unlock(c);
  return state;
}

DDK_API uint64_t ddk_live_bytes(void) {
  ddk_ctx *c = ddk_ctx_get();
  return c ? c->live_bytes : 0;
}

/* ---- violations ---- */

DDK_API uint64_t ddk_violation_count(void) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return 0;
  ddk_lock(c);
  uint64_t n = c->violation_count;
  ddk_unlock(c);
  return n;
}

DDK_API int32_t ddk_violation_get(uint64_t i, ddk_evidence *out) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return -1;
  ddk_lock(c);
  int ok = i < c->violation_count;
  if (ok) *out = c->violations[i];
  ddk_unlock(c);
  return ok ? 0 : -1;
}

/* ---- faults ---- */

DDK_API void ddk_fail_nth(uint64_t n, int32_t target) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return;
  ddk_lock(c);
  c->plan = PLAN_NTH;
  c->nth = n;
  c->target = target;
  c->attempts = 0;
  ddk_unlock(c);
}

DDK_API void ddk_fail_randomly(double probability, uint32_t seed, int32_t target) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return;
  ddk_lock(c);
  c->plan = PLAN_RANDOM;
  c->probability = probability;
  c->rng = seed;
  c->target = target;
  c->attempts = 0;
  ddk_unlock(c);
}

DDK_API void ddk_fault_clear(void) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return;
  ddk_lock(c);
  c->plan = PLAN_NONE;
  c->attempts = 0;
  ddk_unlock(c);
}

DDK_API uint64_t ddk_fault_attempts(void) {
  ddk_ctx *c = ddk_ctx_get();
  return c ? c->attempts : 0;
}

DDK_API uint64_t ddk_injected_count(void) {
  ddk_ctx *c = ddk_ctx_get();
  return c ? c->injected_count : 0;
}

DDK_API int32_t ddk_injected_get(uint64_t i, ddk_injected *out) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return -1;
  ddk_lock(c);
  int ok = i < c->injected_count;
  if (ok) *out = c->injected[i];
  ddk_unlock(c);
  return ok ? 0 : -1;
}

/* ---- host memory ---- */

DDK_API uintptr_t ddk_host_alloc(uint64_t n) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return 0;
  void *p = calloc(1, n ? n : 1);
  if (!p) return 0;
  ddk_lock(c);
  int rc = ddk_map_put(&c->host, (uintptr_t)p, (void *)(uintptr_t)(n ? n : 1));
  ddk_unlock(c);
  if (rc) {
    free(p);
    return 0;
  }
  return (uintptr_t)p;
}

DDK_API int32_t ddk_host_free(uintptr_t p) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c || !p) return -1;
  ddk_lock(c);
  void *known = ddk_map_remove(&c->host, p);
  ddk_unlock(c);
  if (!known) return -1;
  free((void *)p);
  return 0;
}

/* 1 when every page of [p, p+n) is mapped in this process. */
DDK_API int32_t ddk_is_mapped(uintptr_t p, uint64_t n) {
  if (p < 4096) return 0;
  long page = sysconf(_SC_PAGESIZE);
  uintptr_t start = p & ~(uintptr_t)(page - 1);
  uintptr_t end = p + (n ? n : 1);
  if (end < p) return 0;
  for (uintptr_t a = start; a < end; a += (uintptr_t)page) {
#if defined(__APPLE__)
    char vec;
#else
    unsigned char vec;
#endif
    if (mincore((void *)a, (size_t)page, &vec) != 0) return 0;
  }
  return 1;
}

DDK_API void ddk_copy(uintptr_t dst, uintptr_t src, uint64_t n) { memmove((void *)dst, (const void *)src, n); }

static const char *const names[S_COUNT] = {
    [S_NONE] = "",
    [S_HEAP_VERIFICATION] = "heap verification",
    [S_CRT_free] = "free",
    [S_Dot11ExtAllocateBuffer] = "Dot11ExtAllocateBuffer",
    [S_Dot11ExtFreeBuffer] = "Dot11ExtFreeBuffer",
    [S_Dot11ExtSetProfileCustomUserData] = "Dot11ExtSetProfileCustomUserData",
    [S_Dot11ExtGetProfileCustomUserData] = "Dot11ExtGetProfileCustomUserData",
    [S_Dot11ExtSetCurrentProfile] = "Dot11ExtSetCurrentProfile",
    [S_Dot11ExtSendUIRequest] = "Dot11ExtSendUIRequest",
    [S_Dot11ExtPreAssociateCompletion] = "Dot11ExtPreAssociateCompletion",
    [S_Dot11ExtPostAssociateCompletion] = "Dot11ExtPostAssociateCompletion",
    [S_Dot11ExtSendNotification] = "Dot11ExtSendNotification",
    [S_Dot11ExtSendPacket] = "Dot11ExtSendPacket",
    [S_Dot11ExtSetEtherTypeHandling] = "Dot11ExtSetEtherTypeHandling",
    [S_Dot11ExtSetAuthAlgorithm] = "Dot11ExtSetAuthAlgorithm",
    [S_Dot11ExtSetUnicastCipherAlgorithm] = "Dot11ExtSetUnicastCipherAlgorithm",
    [S_Dot11ExtSetMulticastCipherAlgorithm] = "Dot11ExtSetMulticastCipherAlgorithm",
    [S_Dot11ExtSetDefaultKey] = "Dot11ExtSetDefaultKey",
    [S_Dot11ExtSetKeyMappingKey] = "Dot11ExtSetKeyMappingKey",
    [S_Dot11ExtSetDefaultKeyId] = "Dot11ExtSetDefaultKeyId",
    [S_Dot11ExtNicSpecificExtension] = "Dot11ExtNicSpecificExtension",
    [S_Dot11ExtSetExcludeUnencrypted] = "Dot11ExtSetExcludeUnencrypted",
    [S_Dot11ExtStartOneX] = "Dot11ExtStartOneX",
    [S_Dot11ExtStopOneX] = "Dot11ExtStopOneX",
    [S_Dot11ExtProcessSecurityPacket] = "Dot11ExtProcessSecurityPacket",
    [S_ExAllocatePoolWithTag] = "ExAllocatePoolWithTag",
    [S_ExAllocatePool2] = "ExAllocatePool2",
    [S_ExFreePoolWithTag] = "ExFreePoolWithTag",
    [S_ExFreePool] = "ExFreePool",
    [S_IoAllocateMdl] = "IoAllocateMdl",
    [S_IoFreeMdl] = "IoFreeMdl",
    [S_MmBuildMdlForNonPagedPool] = "MmBuildMdlForNonPagedPool",
    [S_MmGetSystemAddressForMdlSafe] = "MmGetSystemAddressForMdlSafe",
    [S_NdisAllocateMdl] = "NdisAllocateMdl",
    [S_NdisFreeMdl] = "NdisFreeMdl",
    [S_NdisAllocateMemoryWithTagPriority] = "NdisAllocateMemoryWithTagPriority",
    [S_NdisFreeMemory] = "NdisFreeMemory",
    [S_NetAllocateMdl] = "NetAllocateMdl",
    [S_NetFreeMdl] = "NetFreeMdl",
    [S_NdisRetreatNetBufferDataStart] = "NdisRetreatNetBufferDataStart",
    [S_NdisRetreatNetBufferListDataStart] = "NdisRetreatNetBufferListDataStart",
    [S_NdisAdvanceNetBufferDataStart] = "NdisAdvanceNetBufferDataStart",
    [S_KeRaiseIrql] = "KeRaiseIrql",
    [S_KeLowerIrql] = "KeLowerIrql",
    [S_KeWaitForSingleObject] = "KeWaitForSingleObject",
    [S_KeSetEvent] = "KeSetEvent",
    [S_KeInitializeEvent] = "KeInitializeEvent",
    [S_Dot11ExtIhvDeinitService] = "Dot11ExtIhvDeinitService",
    [S_DriverUnload] = "DriverUnload",
    [S_HOST] = "host",
};

DDK_API const char *ddk_service_name(int32_t id) { return id >= 0 && id < S_COUNT && names[id] ? names[id] : "unknown"; }
DDK_API int32_t ddk_service_count(void) { return S_COUNT; }
DDK_API int32_t ddk_host_service(void) { return S_HOST; }
