/*
 * Where small blocks live: one reserved range of address space per context, carved into
 * 64 KiB slabs, each slab cut into equal slots of one size class. A slot is
 * [16 guard bytes][class capacity][16 guard bytes]; its record sits out of band in the
 * slab's record array, so no write by the caller can damage it.
 *
 * Finding a block from a pointer is arithmetic, not a search: the page gives the slab, the
 * offset in the slab gives the slot, and the pointer must be exactly the slot's caller
 * address. A slot that left the quarantine goes back on its class's free list (state 0,
 * untracked), so a stale pointer to it is foreign until the slot is handed out again.
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "core.h"

#define SLAB_BYTES ((size_t)1 << DDK_SLAB_SHIFT)

/* The caller bytes a class holds: multiples of 16 up to 256, then four classes per doubling. */
static uint32_t class_capacity(int cls) {
  if (cls < 16) return 16u * (uint32_t)(cls + 1);
  int k = cls - 16;
  uint32_t octave = 256u << (k / 4);
  return octave + (uint32_t)(k % 4 + 1) * (octave / 4);
}

int ddk_arena_init(ddk_arena *a, uint64_t reserve) {
  memset(a, 0, sizeof *a);
  /* Address space only: pages are committed when first touched. When the system will not
     reserve that much, try less; with nothing at all every block takes the large path. */
  for (uint64_t bytes = reserve & ~(uint64_t)(SLAB_BYTES - 1); bytes >= 16 * SLAB_BYTES; bytes /= 2) {
    void *p = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) continue;
    a->slabs = calloc((size_t)(bytes >> DDK_SLAB_SHIFT), sizeof *a->slabs);
    if (!a->slabs) {
      munmap(p, (size_t)bytes);
      return -1;
    }
    a->base = p;
    a->pages = (size_t)(bytes >> DDK_SLAB_SHIFT);
    return 0;
  }
  return -1;
}

void ddk_arena_destroy(ddk_arena *a) {
  for (size_t i = 0; i < a->carved; i++) free(a->slabs[i].recs);
  free(a->slabs);
  if (a->base) munmap(a->base, a->pages << DDK_SLAB_SHIFT);
  memset(a, 0, sizeof *a);
}

/* A fresh slot of the class: from its open slab, or from a new slab. NULL when the
   reservation is used up (the caller then takes the large path). */
ddk_rec *ddk_arena_carve(ddk_arena *a, int cls) {
  ddk_slab *s = a->open[cls];
  if (!s || s->used == s->count) {
    if (a->carved == a->pages) return NULL;
    s = &a->slabs[a->carved];
    uint32_t stride = class_capacity(cls) + 2 * DDK_GUARD;
    uint32_t count = (uint32_t)(SLAB_BYTES / stride);
    /* records are written lazily, slot by slot, so untouched ones cost no memory */
    s->recs = malloc(count * sizeof(ddk_rec));
    if (!s->recs) return NULL;
    s->stride = stride;
    s->recip = (uint32_t)((((uint64_t)1 << 32) + stride - 1) / stride);
    s->count = count;
    s->used = 0;
    a->carved++;
    a->open[cls] = s;
  }
  ddk_rec *r = &s->recs[s->used];
  memset(r, 0, sizeof *r);
  r->addr = (uintptr_t)(a->base + ((size_t)(s - a->slabs) << DDK_SLAB_SHIFT) + (size_t)s->used * s->stride + DDK_GUARD);
  r->cls = (uint8_t)cls;
  s->used++;
  return r;
}

/* Iteration over every slot handed out so far (records in any state). */
ddk_rec *ddk_arena_next(const ddk_arena *a, size_t *page, size_t *slot) {
  while (*page < a->carved) {
    const ddk_slab *s = &a->slabs[*page];
    if (*slot < s->used) return &s->recs[(*slot)++];
    (*page)++;
    *slot = 0;
  }
  return NULL;
}
