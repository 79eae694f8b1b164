/*
 * Blocks the arena does not hold: larger than its biggest class, or allocated once its
 * reservation is used up. Each is its own malloc'd block, found through a hash map from
 * its address to a record; records come from chunks so they never move.
 */
#include <stdlib.h>

#include "core.h"

#define REC_CHUNK 256

static ddk_rec *rec_new(ddk_ctx *c) {
  if (!c->rec_free) {
    ddk_rec *chunk = malloc(REC_CHUNK * sizeof(ddk_rec));
    if (!chunk) return NULL;
    if (c->rec_chunk_count == c->rec_chunk_cap) {
      size_t cap = c->rec_chunk_cap ? c->rec_chunk_cap * 2 : 16;
      void **p = realloc(c->rec_chunks, cap * sizeof(void *));
      if (!p) {
        free(chunk);
        return NULL;
      }
      c->rec_chunks = p;
      c->rec_chunk_cap = cap;
    }
    c->rec_chunks[c->rec_chunk_count++] = chunk;
    for (size_t i = 0; i < REC_CHUNK; i++) {
      chunk[i].qnext = c->rec_free;
      c->rec_free = &chunk[i];
    }
  }
  ddk_rec *r = c->rec_free;
  c->rec_free = r->qnext;
  return r;
}

/* Registers the block whose caller bytes start at user (malloc'd, front guard first). */
ddk_rec *ddk_large_add(ddk_ctx *c, uintptr_t user) {
  ddk_rec *r = rec_new(c);
  if (!r) return NULL;
  if (ddk_map_put(&c->large, user, r) != 0) {
    r->qnext = c->rec_free;
    c->rec_free = r;
    return NULL;
  }
  memset(r, 0, sizeof *r);
  r->addr = user;
  r->cls = DDK_LARGE;
  return r;
}

/* The block left the quarantine: forgotten, its memory released. */
void ddk_large_drop(ddk_ctx *c, ddk_rec *r) {
  ddk_map_remove(&c->large, r->addr);
  free((void *)(r->addr - DDK_GUARD));
  r->state = 0;
  r->addr = 0;
  r->qnext = c->rec_free;
  c->rec_free = r;
}

void ddk_large_destroy(ddk_ctx *c) {
  for (size_t i = 0; i < c->large.cap; i++)
    if (c->large.slots[i].key) free((void *)(c->large.slots[i].key - DDK_GUARD));
  ddk_map_free(&c->large);
  for (size_t i = 0; i < c->rec_chunk_count; i++) free(c->rec_chunks[i]);
  free(c->rec_chunks);
  c->rec_chunks = NULL;
  c->rec_chunk_count = c->rec_chunk_cap = 0;
  c->rec_free = NULL;
}
