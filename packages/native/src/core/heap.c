/*
 * The verified heap. Every block is [16 guard bytes][caller bytes][>= 16 guard bytes],
 * the caller's address 16-byte aligned. Fresh caller bytes are 0xCD, guards 0xFD; a freed
 * block is poisoned with 0xDD and kept in a FIFO quarantine of at most quarantine_bytes
 * caller bytes, and its poison is checked when it leaves, before its memory is reused.
 * Small blocks live in slots of the arena (arena.c), large ones are malloc'd (large.c);
 * either way the record is out of band, so no write by the caller can damage it.
 */
#include <stdlib.h>

#include "core.h"
#include "pattern.h"

static inline uint64_t back_guard_len(uint64_t region) { return ddk_round16(region) - region + DDK_GUARD; }
static inline uint64_t block_bytes(uint64_t region) { return DDK_GUARD + ddk_round16(region) + DDK_GUARD; }

static int is_dot11(const ddk_rec *r) { return r->allocator == A_DOT11EXT; }

static void report_damage(ddk_ctx *c, int kind, int service, const ddk_rec *r, int64_t offset) {
  ddk_evidence ev = {0};
  ev.address = r->addr;
  ev.size = r->size;
  ev.order = r->order;
  ev.offset = offset;
  ev.present = EV_ADDRESS | EV_SIZE | EV_ORDER | EV_OFFSET;
  if (r->handler) {
    ev.allocated_by = r->handler;
    ev.present |= EV_ALLOCATED_BY;
  }
  ddk_report(c, kind, service, ev);
}

/* Both guards intact? The front guard is 16 aligned bytes; so is the back one when the
   caller's size is a multiple of 16 (else it is longer, up to 31 bytes). */
static inline int guards_intact(const ddk_rec *r) {
  const uint8_t *user = (const uint8_t *)r->addr;
  if (!pattern_intact16(user - DDK_GUARD, DDK_GUARD_BYTE)) return 0;
  if ((r->region & 15) == 0) return pattern_intact16(user + r->region, DDK_GUARD_BYTE);
  return pattern_intact(user + r->region, DDK_GUARD_BYTE, back_guard_len(r->region));
}

/* Reports and repairs damaged guards. Returns how many were damaged. */
static __attribute__((noinline)) int repair_guards(ddk_ctx *c, ddk_rec *r, int service) {
  uint8_t *user = (uint8_t *)r->addr;
  uint64_t back_len = back_guard_len(r->region);
  int damaged = 0;
  int64_t front = pattern_first_not(user - DDK_GUARD, DDK_GUARD, DDK_GUARD_BYTE);
  if (front >= 0) {
    report_damage(c, is_dot11(r) ? K_DOT11EXT_UNDERRUN : K_POOL_UNDERRUN, service, r, front - (int64_t)DDK_GUARD);
    memset(user - DDK_GUARD, DDK_GUARD_BYTE, DDK_GUARD);
    damaged++;
  }
  int64_t back = pattern_first_not(user + r->region, back_len, DDK_GUARD_BYTE);
  if (back >= 0) {
    report_damage(c, is_dot11(r) ? K_DOT11EXT_OVERRUN : K_POOL_OVERRUN, service, r, (int64_t)r->region + back);
    memset(user + r->region, DDK_GUARD_BYTE, back_len);
    damaged++;
  }
  return damaged;
}

/* Checks both guards; reports and repairs damage. Returns the number of damaged guards. */
inline int ddk_check_guards(ddk_ctx *c, ddk_rec *r, int service, int with_irql) {
  (void)with_irql;
  return guards_intact(r) ? 0 : repair_guards(c, r, service);
}

static __attribute__((noinline)) void repair_poison(ddk_ctx *c, ddk_rec *r, int service) {
  uint8_t *user = (uint8_t *)r->addr;
  int64_t at = pattern_first_not(user, r->region, DDK_POISON_BYTE);
  int kind = is_dot11(r) ? (r->transferred ? K_WRITE_AFTER_TRANSFER : K_DOT11EXT_USE_AFTER_FREE) : K_POOL_USE_AFTER_FREE;
  report_damage(c, kind, service, r, at);
  memset(user, DDK_POISON_BYTE, r->region);
}

/* Checks a quarantined block's poison; damage (a write after free) is reported and repaired. */
static inline void check_poison(ddk_ctx *c, ddk_rec *r, int service) {
  if (__builtin_expect(!pattern_intact((const uint8_t *)r->addr, DDK_POISON_BYTE, r->region), 0))
    repair_poison(c, r, service);
}

static inline uint64_t q_cost(const ddk_rec *r) { return r->region ? r->region : 1; }

/* The oldest quarantined block leaves: poison checked, then its memory is reusable. */
static void evict_one(ddk_ctx *c) {
  ddk_rec *r = c->q_head;
  c->q_head = r->qnext;
  if (!c->q_head) c->q_tail = NULL;
  /* the next block to leave was freed long ago and is cold: fetch it while this one is handled */
  ddk_rec *next = c->q_head;
  if (next) {
    __builtin_prefetch((const void *)next->addr);
    if (next->qnext) __builtin_prefetch(next->qnext);
  }
  c->q_bytes -= q_cost(r);
  check_poison(c, r, S_HEAP_VERIFICATION);
  if (r->cls == DDK_LARGE)
    ddk_large_drop(c, r);
  else
    ddk_arena_give(&c->arena, r);
}

/* Guards around the caller's bytes, and the fill (ExAllocatePool2 asks for zeroes). */
static inline void prepare(uint8_t *user, const ddk_alloc_req *q) {
  pattern_fill16(user - DDK_GUARD, DDK_GUARD_BYTE);
  if (q->fill >= 0) pattern_fill(user, (uint8_t)q->fill, q->region);
  if ((q->region & 15) == 0)
    pattern_fill16(user + q->region, DDK_GUARD_BYTE);
  else
    pattern_fill(user + q->region, DDK_GUARD_BYTE, back_guard_len(q->region));
}

/* A fault plan or the memory limit refuses the allocation? On success the bytes are counted. */
static inline int refused(ddk_ctx *c, const ddk_alloc_req *q) {
  if (q->target && ddk_fault_try(c, q->target, q->service, q->size)) return 1;
  if (q->reserved > c->memory_limit - c->live_bytes) return 1;
  c->live_bytes += q->reserved;
  return 0;
}

static inline void record(ddk_ctx *c, ddk_rec *r, const ddk_alloc_req *q) {
  r->region = q->region;
  r->size = q->size;
  r->reserved = q->reserved;
  r->order = ++c->order;
  r->qnext = NULL;
  r->tag = q->tag;
  r->pool_type = q->pool_type;
  r->handler = ddk_handler(c);
  r->allocator = (uint8_t)q->allocator;
  r->irql = ddk_irql(c);
  r->state = ST_LIVE;
  r->owner = OWNER_EXTENSION;
  r->paged = q->paged != 0;
  r->transferred = 0;
  if (r->paged) c->live_paged++;
}

/* A malloc'd block: built outside the lock (its bytes are already counted), then registered. */
static __attribute__((noinline)) void *large_alloc(ddk_ctx *c, const ddk_alloc_req *q) {
  uint8_t *base = q->region > (uint64_t)SIZE_MAX - 64 ? NULL : malloc(block_bytes(q->region));
  if (base) prepare(base + DDK_GUARD, q);
  ddk_lock(c);
  ddk_rec *r = base ? ddk_large_add(c, (uintptr_t)(base + DDK_GUARD)) : NULL;
  if (!r) {
    c->live_bytes -= q->reserved;
    ddk_unlock(c);
    free(base);
    return NULL;
  }
  record(c, r, q);
  ddk_unlock(c);
  return base + DDK_GUARD;
}

static inline void *alloc_block(ddk_ctx *c, const ddk_alloc_req *q) {
  int cls = ddk_size_class(q->region);
  ddk_lock(c);
  if (refused(c, q)) {
    ddk_unlock(c);
    return NULL;
  }
  ddk_rec *r = cls >= 0 ? ddk_arena_take(&c->arena, cls) : NULL;
  if (__builtin_expect(r == NULL, 0)) {
    ddk_unlock(c);
    return large_alloc(c, q);
  }
  /* built under the lock: verify() on another thread must never see half-written guards */
  prepare((uint8_t *)r->addr, q);
  record(c, r, q);
  ddk_unlock(c);
  return (void *)r->addr;
}

void *ddk_heap_alloc(ddk_ctx *c, const ddk_alloc_req *q) { return alloc_block(c, q); }

/* Dot11ExtAllocateBuffer's request, spelled out here so that its constants fold into the
   hot path (the fill, the guards' shape, no pool type). */
void *ddk_heap_alloc_dot11(ddk_ctx *c, uint64_t n, int faults) {
  const ddk_alloc_req q = {
      .allocator = A_DOT11EXT,
      .target = faults ? TARGET_DOT11EXT : 0,
      .service = S_Dot11ExtAllocateBuffer,
      .size = n,
      .region = n,
      .reserved = n,
      .fill = DDK_FILL_BYTE,
      .pool_type = -1,
      .paged = 1, /* user-mode heap memory is pageable */
  };
  return alloc_block(c, &q);
}

/* A live block is freed: guards checked, poisoned, quarantined. Caller holds the lock. */
void ddk_heap_retire(ddk_ctx *c, ddk_rec *r, int service, int with_irql) {
  ddk_check_guards(c, r, service, with_irql);
  pattern_fill((uint8_t *)r->addr, DDK_POISON_BYTE, r->region);
  r->state = ST_QUARANTINED;
  c->live_bytes -= r->reserved;
  if (r->paged) c->live_paged--;
  r->qnext = NULL;
  if (c->q_tail)
    c->q_tail->qnext = r;
  else
    c->q_head = r;
  c->q_tail = r;
  c->q_bytes += q_cost(r);
  while (c->q_head && c->q_bytes > c->quarantine_bytes) evict_one(c);
}

static int contains(const ddk_rec *r, uintptr_t addr, int paged_only) {
  return r->state == ST_LIVE && (!paged_only || r->paged) && addr >= r->addr &&
         addr < r->addr + (r->region ? r->region : 1);
}

ddk_rec *ddk_heap_find_containing(ddk_ctx *c, uintptr_t addr, int paged_only) {
  if (paged_only && c->live_paged == 0) return NULL;
  ddk_rec *r = ddk_arena_slot(&c->arena, addr, 0);
  if (r) return contains(r, addr, paged_only) ? r : NULL;
  for (size_t i = 0; c->large.count && i < c->large.cap; i++) {
    r = c->large.slots[i].val;
    if (r && contains(r, addr, paged_only)) return r;
  }
  return NULL;
}

ddk_rec *ddk_heap_next(ddk_ctx *c, ddk_heap_iter *it) {
  ddk_rec *r;
  while ((r = ddk_arena_next(&c->arena, &it->page, &it->slot)) != NULL)
    if (r->state) return r;
  while (it->large < c->large.cap) {
    r = c->large.slots[it->large++].val;
    if (r && r->state) return r;
  }
  return NULL;
}

/* Checks every live block's guards and every quarantined block's poison. */
DDK_API uint64_t ddk_verify(void) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return 0;
  ddk_lock(c);
  size_t before = c->violation_count;
  ddk_heap_iter it = {0};
  for (ddk_rec *r; (r = ddk_heap_next(c, &it)) != NULL;) {
    if (r->state == ST_LIVE)
      ddk_check_guards(c, r, S_HEAP_VERIFICATION, 0);
    else
      check_poison(c, r, S_HEAP_VERIFICATION);
  }
  uint64_t added = c->violation_count - before;
  ddk_unlock(c);
  return added;
}

/* The arena reserves address space for a few times what the limit and the quarantine allow
   (slots round sizes up, and a class keeps its slabs); past it blocks are malloc'd. */
int ddk_heap_init(ddk_ctx *c) {
  uint64_t want = c->memory_limit + c->quarantine_bytes;
  if (want > ((uint64_t)4 << 30)) want = (uint64_t)4 << 30;
  want = want * 4 + ((uint64_t)64 << 20);
  ddk_arena_init(&c->arena, want); /* without an arena every block takes the large path */
  return ddk_map_init(&c->large, 64);
}

void ddk_heap_destroy(ddk_ctx *c) {
  ddk_large_destroy(c);
  ddk_arena_destroy(&c->arena);
  c->q_head = c->q_tail = NULL;
}

static ddk_rec **select_live(ddk_ctx *c, int (*match)(const ddk_rec *), size_t *count) {
  size_t n = 0;
  ddk_heap_iter it = {0};
  for (ddk_rec *r; (r = ddk_heap_next(c, &it)) != NULL;) n += r->state == ST_LIVE && match(r);
  ddk_rec **found = n ? malloc(n * sizeof *found) : NULL;
  size_t k = 0;
  it = (ddk_heap_iter){0};
  for (ddk_rec *r; found && (r = ddk_heap_next(c, &it)) != NULL;)
    if (r->state == ST_LIVE && match(r)) found[k++] = r;
  for (size_t i = 1; i < k; i++) /* insertion sort: these lists are reports, short */
    for (size_t j = i; j > 0 && found[j - 1]->order > found[j]->order; j--) {
      ddk_rec *t = found[j];
      found[j] = found[j - 1];
      found[j - 1] = t;
    }
  *count = k;
  return found;
}

uint32_t ddk_report_live(ddk_ctx *c, int (*match)(const ddk_rec *), int kind, int service, unsigned extra) {
  size_t k = 0;
  ddk_rec **found = select_live(c, match, &k);
  for (size_t i = 0; i < k; i++) ddk_report_block(c, kind, service, found[i], extra);
  free(found);
  return (uint32_t)k;
}
