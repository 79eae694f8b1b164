/*
 * ddikit native core: shared definitions. The core is one verified heap, its ledger,
 * fault injection, a per-thread IRQL, a violation log, and the Windows services built
 * on them. Exported Windows services act on the active context (ddk_activate), since
 * their signatures carry none.
 */
#ifndef DDIKIT_CORE_H
#define DDIKIT_CORE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "ddikit/ndis.h"
#include "ddikit/wlanihv.h"

#define DDK_API DDIKIT_EXPORT

#define DDK_GUARD 16u
#define DDK_GUARD_BYTE 0xFD
#define DDK_FILL_BYTE 0xCD
#define DDK_POISON_BYTE 0xDD
#define DDK_MAX_MDL_SIZE 0x7FFFu /* MDL.Size is a CSHORT */

/* Allocators, in the order of @ddikit/types' Allocator. */
enum { A_DOT11EXT = 0, A_POOL, A_NDIS_MEMORY, A_IO_MDL, A_NDIS_MDL, A_NET_MDL, A_COUNT };
enum { OWNER_EXTENSION = 0, OWNER_OS = 1 };
enum { ST_LIVE = 1, ST_QUARANTINED = 2 };
enum { TARGET_DOT11EXT = 1, TARGET_KERNEL = 2, TARGET_ALL = 3 };
enum { PLAN_NONE = 0, PLAN_NTH = 1, PLAN_RANDOM = 2 };

/* Violation kinds: the ids of @ddikit/types' ViolationKinds. */
enum {
  K_DOT11EXT_DOUBLE_FREE = 1,
  K_DOT11EXT_FOREIGN_FREE = 2,
  K_DOT11EXT_OVERRUN = 3,
  K_DOT11EXT_UNDERRUN = 4,
  K_DOT11EXT_USE_AFTER_FREE = 5,
  K_TRANSFER_NOT_ALLOCATED = 6,
  K_TRANSFER_NOT_LIVE = 7,
  K_TRANSFER_NOT_OWNED = 8,
  K_TRANSFER_TOO_SMALL = 9,
  K_FREE_AFTER_TRANSFER = 10,
  K_WRITE_AFTER_TRANSFER = 11,
  K_DOT11EXT_LEAK = 12,
  K_CALL_AFTER_DEINIT = 13,
  K_PAGED_ALLOCATION_ABOVE_APC = 14,
  K_NONPAGED_ALLOCATION_ABOVE_DISPATCH = 15,
  K_PAGED_FREE_ABOVE_APC = 16,
  K_NONPAGED_FREE_ABOVE_DISPATCH = 17,
  K_WAIT_AT_DISPATCH = 18,
  K_BAD_IRQL_RAISE = 19,
  K_BAD_IRQL_LOWER = 20,
  K_PAGED_TOUCHED_AT_DISPATCH = 21,
  K_MDL_SERVICE_ABOVE_DISPATCH = 22,
  K_POOL_ZERO_SIZE = 23,
  K_POOL_FREE_UNALLOCATED = 24,
  K_POOL_DOUBLE_FREE = 25,
  K_POOL_OVERRUN = 26,
  K_POOL_UNDERRUN = 27,
  K_POOL_USE_AFTER_FREE = 28,
  K_FREE_MECHANISM_MISMATCH = 29,
  K_MDL_BUILT_FOR_PAGED_POOL = 30,
  K_POOL_LEAK_AT_UNLOAD = 31,
  K_MDL_FREE_ABOVE_DISPATCH = 32,
  K_FREED_THROUGH_WRONG_HEAP = 33,
};

/* Services, by id; names in services.c (ddk_service_name). */
enum {
  S_NONE = 0,
  S_HEAP_VERIFICATION,
  S_DOT11EXT_FIRST, /* the 22 DOT11EXT_APIS services, in table order */
  S_Dot11ExtAllocateBuffer = S_DOT11EXT_FIRST,
  S_Dot11ExtFreeBuffer,
  S_Dot11ExtSetProfileCustomUserData,
  S_Dot11ExtGetProfileCustomUserData,
  S_Dot11ExtSetCurrentProfile,
  S_Dot11ExtSendUIRequest,
  S_Dot11ExtPreAssociateCompletion,
  S_Dot11ExtPostAssociateCompletion,
  S_Dot11ExtSendNotification,
  S_Dot11ExtSendPacket,
  S_Dot11ExtSetEtherTypeHandling,
  S_Dot11ExtSetAuthAlgorithm,
  S_Dot11ExtSetUnicastCipherAlgorithm,
  S_Dot11ExtSetMulticastCipherAlgorithm,
  S_Dot11ExtSetDefaultKey,
  S_Dot11ExtSetKeyMappingKey,
  S_Dot11ExtSetDefaultKeyId,
  S_Dot11ExtNicSpecificExtension,
  S_Dot11ExtSetExcludeUnencrypted,
  S_Dot11ExtStartOneX,
  S_Dot11ExtStopOneX,
  S_Dot11ExtProcessSecurityPacket,
  S_ExAllocatePoolWithTag,
  S_ExAllocatePool2,
  S_ExFreePoolWithTag,
  S_ExFreePool,
  S_IoAllocateMdl,
  S_IoFreeMdl,
  S_MmBuildMdlForNonPagedPool,
  S_MmGetSystemAddressForMdlSafe,
  S_NdisAllocateMdl,
  S_NdisFreeMdl,
  S_NdisAllocateMemoryWithTagPriority,
  S_NdisFreeMemory,
  S_NetAllocateMdl,
  S_NetFreeMdl,
  S_NdisRetreatNetBufferDataStart,
  S_NdisRetreatNetBufferListDataStart,
  S_NdisAdvanceNetBufferDataStart,
  S_KeRaiseIrql,
  S_KeLowerIrql,
  S_KeWaitForSingleObject,
  S_KeSetEvent,
  S_KeInitializeEvent,
  S_Dot11ExtIhvDeinitService,
  S_DriverUnload,
  S_CRT_free, /* the C runtime's free(), called by a vendor module */
  S_HOST, /* the OS side (adoptBuffer's `what` is given by name from TypeScript) */
  S_COUNT
};

/* One block of the verified heap, kept out of band so underruns cannot damage it. One
   cache line: the quarantine walks records that have long left the cache. */
typedef struct ddk_rec {
  uintptr_t addr;     /* what the caller got; the front guard is just before it */
  uint64_t region;    /* caller bytes covered by guards and poison */
  uint64_t size;      /* size reported (dwByteCount, NumberOfBytes, MDL data bytes) */
  uint64_t reserved;  /* bytes counted against the memory limit */
  uint64_t order;
  struct ddk_rec *qnext; /* quarantine FIFO / free list */
  uint32_t tag;
  int32_t pool_type;
  int32_t handler;
  uint8_t allocator, irql;
  uint8_t cls;        /* arena size class of its slot, DDK_LARGE for a malloc'd block */
  uint8_t state : 2, owner : 1, paged : 1, transferred : 1; /* state 0: untracked */
} ddk_rec;
_Static_assert(sizeof(ddk_rec) == 64, "a record is one cache line");

/* The small-block arena (arena.c): 64 KiB slabs of equal slots, one size class each. */
#define DDK_SLAB_SHIFT 16
#define DDK_SMALL_MAX 16384u /* larger blocks are malloc'd and registered (large.c) */
#define DDK_CLASSES 40
#define DDK_LARGE 0xFF

typedef struct ddk_slab {
  ddk_rec *recs;   /* one record per slot; NULL for a page not carved yet */
  uint32_t stride; /* slot bytes: front guard, class capacity, back guard */
  uint32_t recip;  /* ceil(2^32 / stride), so a slot index needs no division */
  uint32_t count;  /* slots that fit in the slab */
  uint32_t used;   /* slots handed out at least once; their records are initialized */
} ddk_slab;

typedef struct ddk_arena {
  uint8_t *base;
  size_t pages, carved;          /* 64 KiB pages reserved, and carved into slabs */
  ddk_slab *slabs;               /* one per reserved page */
  ddk_rec *free[DDK_CLASSES];    /* slots back from the quarantine, most recent first */
  ddk_slab *open[DDK_CLASSES];   /* the slab of each class still handing out fresh slots */
} ddk_arena;

/* Open-addressing hash table keyed by address (linear probing, backward-shift deletion). */
typedef struct ddk_slot {
  uintptr_t key;
  void *val;
} ddk_slot;

typedef struct ddk_map {
  ddk_slot *slots; /* key and value side by side: one cache line per probe */
  size_t cap, count;
} ddk_map;

typedef struct ddk_evidence {
  uint64_t address;
  uint64_t size;
  uint64_t order;
  int64_t offset;
  int32_t kind;
  int32_t service;
  int32_t handler;
  int32_t allocated_by;
  int32_t irql;
  int32_t allocator;
  uint32_t present; /* EV_* bits */
  uint32_t faults_injected;
} ddk_evidence;

enum {
  EV_ADDRESS = 1,
  EV_SIZE = 2,
  EV_ORDER = 4,
  EV_ALLOCATED_BY = 8,
  EV_HANDLER = 16,
  EV_IRQL = 32,
  EV_OFFSET = 64,
  EV_ALLOCATOR = 128,
};

typedef struct ddk_injected {
  int32_t service;
  int32_t handler;
  uint64_t attempt;
  uint64_t size;
} ddk_injected;

typedef struct ddk_call {
  int32_t service;
  int32_t handler;
} ddk_call;

typedef struct ddk_event {
  uintptr_t addr;
  int type;
  int signaled;
} ddk_event;

/*
 * The context lock. Critical sections are a few dozen instructions, so it is a
 * test-and-test-and-set spin lock; and while only the thread that created the context has
 * used it, that thread takes it without any atomic read-modify-write ("biased"): the first
 * other thread revokes the bias with an asymmetric fence (membarrier) before it locks.
 */
typedef struct ddk_spin {
  atomic_int held;
  atomic_int shared;     /* 1 once another thread used the context (or no membarrier) */
  atomic_int owner_busy; /* the owner is inside a biased critical section */
  uintptr_t owner;       /* ddk_self() of the creating thread */
} ddk_spin;

typedef struct ddk_ctx {
  ddk_spin lock;
  uint64_t gen;

  /* heap */
  ddk_arena arena;
  ddk_map large; /* blocks too big for the arena (or past its end): address -> record */
  ddk_rec *rec_free;
  void **rec_chunks;
  size_t rec_chunk_count, rec_chunk_cap;
  ddk_rec *q_head, *q_tail;
  uint64_t q_bytes, quarantine_bytes;
  uint64_t live_bytes, memory_limit;
  uint64_t order;
  size_t live_paged;

  /* host memory (outside every verified allocator) */
  ddk_map host;
  /* MDLs a Retreat chained in (value: 1) */
  ddk_map retreat;

  /* faults */
  int plan, target;
  uint64_t nth, attempts;
  double probability;
  uint32_t rng;
  ddk_injected *injected;
  size_t injected_count, injected_cap;

  /* violations */
  ddk_evidence *violations;
  size_t violation_count, violation_cap;

  /* host state */
  atomic_int handler;
  atomic_int deinit;
  ddk_call *calls;
  size_t call_count, call_cap;
  uint8_t *custom_data;
  uint32_t custom_size;
  int custom_set;
  uint8_t *default_custom_data;
  uint32_t default_custom_size;

  /* events */
  pthread_mutex_t ev_lock;
  pthread_cond_t ev_cond;
  ddk_event *events;
  size_t event_count, event_cap;
} ddk_ctx;

extern _Atomic(ddk_ctx *) ddk_current;

static inline ddk_ctx *ddk_ctx_get(void) { return atomic_load_explicit(&ddk_current, memory_order_acquire); }
/* The calling thread, taken on every lock and unlock: the thread pointer itself where the
   compiler exposes it (one instruction), else pthread_self. A thread-local variable's address
   would cost a call to __tls_get_addr, since the core is a dlopen'ed library. */
#if defined(__has_builtin)
#if __has_builtin(__builtin_thread_pointer) && (defined(__x86_64__) || defined(__aarch64__))
#define DDK_THREAD_POINTER 1
#endif
#endif
static inline uintptr_t ddk_self(void) {
#ifdef DDK_THREAD_POINTER
  return (uintptr_t)__builtin_thread_pointer();
#else
  return (uintptr_t)pthread_self();
#endif
}
void ddk_lock_contended(ddk_spin *l);
void ddk_lock_revoke(ddk_spin *l);
void ddk_lock_init(ddk_spin *l);
static inline void ddk_lock(ddk_ctx *c) {
  ddk_spin *l = &c->lock;
  if (!atomic_load_explicit(&l->shared, memory_order_relaxed) && l->owner == ddk_self()) {
    atomic_store_explicit(&l->owner_busy, 1, memory_order_relaxed);
    atomic_signal_fence(memory_order_seq_cst);
    if (__builtin_expect(!atomic_load_explicit(&l->shared, memory_order_relaxed), 1)) return;
    atomic_store_explicit(&l->owner_busy, 0, memory_order_release);
  }
  if (__builtin_expect(atomic_exchange_explicit(&l->held, 1, memory_order_acquire) != 0, 0)) ddk_lock_contended(l);
  if (__builtin_expect(!atomic_load_explicit(&l->shared, memory_order_relaxed), 0)) ddk_lock_revoke(l);
}
static inline void ddk_unlock(ddk_ctx *c) {
  ddk_spin *l = &c->lock;
  if (l->owner == ddk_self() && atomic_load_explicit(&l->owner_busy, memory_order_relaxed)) {
    atomic_signal_fence(memory_order_seq_cst);
    atomic_store_explicit(&l->owner_busy, 0, memory_order_release);
    return;
  }
  atomic_store_explicit(&l->held, 0, memory_order_release);
}
static inline int ddk_handler(ddk_ctx *c) { return atomic_load_explicit(&c->handler, memory_order_relaxed); }
static inline uint64_t ddk_round16(uint64_t n) { return (n + 15u) & ~(uint64_t)15u; }

/* map.c */
int ddk_map_init(ddk_map *m, size_t cap);
void ddk_map_free(ddk_map *m);
void *ddk_map_get(const ddk_map *m, uintptr_t key);
int ddk_map_put(ddk_map *m, uintptr_t key, void *val);
void *ddk_map_remove(ddk_map *m, uintptr_t key);
/* irql.c */
typedef struct ddk_thread_irql {
  uint64_t gen; /* the context the level belongs to */
  KIRQL level;
} ddk_thread_irql;
extern _Thread_local ddk_thread_irql ddk_tls_irql;
/* The calling thread's IRQL in c (a thread starts at PASSIVE_LEVEL in every context). */
static inline KIRQL ddk_irql(ddk_ctx *c) {
  const ddk_thread_irql *t = &ddk_tls_irql;
  return c && t->gen == c->gen ? t->level : PASSIVE_LEVEL;
}
void ddk_set_irql(ddk_ctx *c, KIRQL level);

/* violations.c (callers hold the lock) */
void ddk_report(ddk_ctx *c, int kind, int service, ddk_evidence ev);
/* Reports a kind about block r: its address, size, order and allocating handler, plus the
   optional evidence named in `extra` (EV_IRQL: the caller's IRQL; EV_ALLOCATOR: r's allocator). */
void ddk_report_block(ddk_ctx *c, int kind, int service, const ddk_rec *r, unsigned extra);
/* Reports a rule broken by a call itself, not by a block: the evidence is the caller's IRQL.
   Takes the lock. */
void ddk_report_call(ddk_ctx *c, int kind, int service);
void ddk_note_call(ddk_ctx *c, int service);

/* faults.c (callers hold the lock) */
int ddk_fault_attempt(ddk_ctx *c, int target, int service, uint64_t size);
/* With no plan an attempt is only counted: that case stays inline on the allocation path. */
static inline int ddk_fault_try(ddk_ctx *c, int target, int service, uint64_t size) {
  if (__builtin_expect(c->plan == PLAN_NONE, 1)) {
    c->attempts++;
    return 0;
  }
  return ddk_fault_attempt(c, target, service, size);
}

/* arena.c (callers hold the lock) */
int ddk_arena_init(ddk_arena *a, uint64_t reserve);
void ddk_arena_destroy(ddk_arena *a);
ddk_rec *ddk_arena_carve(ddk_arena *a, int cls);
ddk_rec *ddk_arena_next(const ddk_arena *a, size_t *page, size_t *slot);

/* The size class whose slots hold `region` caller bytes, -1 past DDK_SMALL_MAX: multiples of
   16 up to 256, then four classes per doubling (at most a quarter of a slot is slack). */
static inline int ddk_size_class(uint64_t region) {
  if (region <= 256) return region ? (int)((region - 1) >> 4) : 0;
  if (region > DDK_SMALL_MAX) return -1;
  uint64_t r = region - 1;
  int octave = 63 - __builtin_clzll(r); /* 8..13 */
  return 16 + (octave - 8) * 4 + (int)((r >> (octave - 2)) & 3);
}

/* A slot of the class (state 0, addr and cls set): the most recently freed one, else fresh. */
static inline ddk_rec *ddk_arena_take(ddk_arena *a, int cls) {
  ddk_rec *r = a->free[cls];
  if (__builtin_expect(r != NULL, 1)) {
    a->free[cls] = r->qnext;
    return r;
  }
  return ddk_arena_carve(a, cls);
}

/* The record of the slot holding p (any state), or NULL when p is in no slot handed out.
   Exact: p must be the slot's caller address; else p may be anywhere in the slot. */
static inline ddk_rec *ddk_arena_slot(const ddk_arena *a, uintptr_t p, int exact) {
  uintptr_t off = p - (uintptr_t)a->base; /* wraps to huge below the base */
  size_t page = (size_t)(off >> DDK_SLAB_SHIFT);
  if (page >= a->carved) return NULL;
  const ddk_slab *s = &a->slabs[page];
  uint32_t in = (uint32_t)(off & (((uint32_t)1 << DDK_SLAB_SHIFT) - 1));
  uint32_t slot = (uint32_t)(((uint64_t)in * s->recip) >> 32); /* in / stride: exact for in < 2^16 */
  if (slot >= s->used) return NULL;
  if (exact && in - slot * s->stride != DDK_GUARD) return NULL;
  return &s->recs[slot];
}

/* A slot that left the quarantine becomes reusable (and untracked). */
static inline void ddk_arena_give(ddk_arena *a, ddk_rec *r) {
  r->state = 0;
  r->qnext = a->free[r->cls];
  a->free[r->cls] = r;
}

/* large.c (callers hold the lock) */
ddk_rec *ddk_large_add(ddk_ctx *c, uintptr_t user);
void ddk_large_drop(ddk_ctx *c, ddk_rec *r);
void ddk_large_destroy(ddk_ctx *c);

/* heap.c */
typedef struct ddk_alloc_req {
  int allocator;
  int target;         /* fault target, 0: not a fault-injection attempt */
  int service;
  uint64_t size;      /* reported */
  uint64_t region;    /* guarded caller bytes */
  uint64_t reserved;  /* counted against the limit */
  int fill;           /* byte to fill with, or -1 for none */
  uint32_t tag;
  int32_t pool_type;
  int paged;
} ddk_alloc_req;

void *ddk_heap_alloc(ddk_ctx *c, const ddk_alloc_req *req);
/* A Dot11Ext buffer (allocator dot11ext, filled, pageable); faults: a fault-injection attempt. */
void *ddk_heap_alloc_dot11(ddk_ctx *c, uint64_t n, int faults);
/* Frees a live block: guards checked, poisoned, quarantined. Caller holds the lock. */
void ddk_heap_retire(ddk_ctx *c, ddk_rec *r, int service, int with_irql);
int ddk_check_guards(ddk_ctx *c, ddk_rec *r, int service, int with_irql);
/* The live or quarantined block that starts at p, else NULL (p is foreign). Caller holds the
   lock. O(1): the arena by arithmetic, then (only when there are any) the large blocks' map. */
static inline ddk_rec *ddk_heap_lookup(ddk_ctx *c, uintptr_t p) {
  ddk_rec *r = ddk_arena_slot(&c->arena, p, 1);
  if (!r && c->large.count) r = ddk_map_get(&c->large, p);
  return r && r->state ? r : NULL;
}
ddk_rec *ddk_heap_find_containing(ddk_ctx *c, uintptr_t addr, int paged_only);
/* Reports `kind` for every live block `match` selects, in allocation order (the end-of-life
   checks: leaks at DeinitService and at unload). Caller holds the lock; returns how many. */
uint32_t ddk_report_live(ddk_ctx *c, int (*match)(const ddk_rec *), int kind, int service, unsigned extra);
/* Every live or quarantined block, in no particular order: zero an iterator, call until NULL. */
typedef struct ddk_heap_iter {
  size_t page, slot, large;
} ddk_heap_iter;
ddk_rec *ddk_heap_next(ddk_ctx *c, ddk_heap_iter *it);
int ddk_heap_init(ddk_ctx *c);
void ddk_heap_destroy(ddk_ctx *c);

/* mdl helpers (kernel.c) */
ULONG ddk_pages_spanned(uintptr_t va, uint64_t size);
void ddk_mdl_init(MDL *m, uintptr_t va, ULONG length);
void ddk_mdl_build(MDL *m);

/* ndis.c */
PMDL ddk_net_allocate_mdl(ddk_ctx *c, ULONG *size, int setup);
void ddk_net_free_mdl(ddk_ctx *c, PMDL mdl, int setup);

/* kernel free shared by every kernel free service */
void ddk_kernel_free(ddk_ctx *c, uintptr_t p, int allocator, int service);

#endif
