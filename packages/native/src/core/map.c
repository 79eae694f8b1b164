/* The ledger's index: an open-addressing hash table from address to record. */
#include <stdlib.h>

#include "core.h"

static inline size_t slot_of(uintptr_t key, size_t cap) {
  uint64_t h = (uint64_t)(key >> 4) * 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 32) & (cap - 1);
}

int ddk_map_init(ddk_map *m, size_t cap) {
  m->cap = cap;
  m->count = 0;
  m->keys = calloc(cap, sizeof *m->keys);
  m->vals = calloc(cap, sizeof *m->vals);
  return m->keys && m->vals ? 0 : -1;
}

void ddk_map_free(ddk_map *m) {
  free(m->keys);
  free(m->vals);
  m->keys = NULL;
  m->vals = NULL;
  m->cap = m->count = 0;
}

void *ddk_map_get(const ddk_map *m, uintptr_t key) {
  size_t mask = m->cap - 1;
  for (size_t i = slot_of(key, m->cap);; i = (i + 1) & mask) {
    uintptr_t k = m->keys[i];
    if (k == key) return m->vals[i];
    if (k == 0) return NULL;
  }
}

static int grow(ddk_map *m) {
  ddk_map bigger;
  if (ddk_map_init(&bigger, m->cap * 2) != 0) {
    ddk_map_free(&bigger);
    return -1;
  }
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i]) ddk_map_put(&bigger, m->keys[i], m->vals[i]);
  ddk_map_free(m);
  *m = bigger;
  return 0;
}

int ddk_map_put(ddk_map *m, uintptr_t key, void *val) {
  if ((m->count + 1) * 2 > m->cap && grow(m) != 0) return -1;
  size_t mask = m->cap - 1;
  for (size_t i = slot_of(key, m->cap);; i = (i + 1) & mask) {
    if (m->keys[i] == key) {
      m->vals[i] = val;
      return 0;
    }
    if (m->keys[i] == 0) {
      m->keys[i] = key;
      m->vals[i] = val;
      m->count++;
      return 0;
    }
  }
}

void *ddk_map_remove(ddk_map *m, uintptr_t key) {
  size_t mask = m->cap - 1;
  size_t i = slot_of(key, m->cap);
  while (m->keys[i] != key) {
    if (m->keys[i] == 0) return NULL;
    i = (i + 1) & mask;
  }
  void *val = m->vals[i];
  /* backward-shift deletion keeps every probe chain intact */
  size_t hole = i;
  for (size_t j = (i + 1) & mask; m->keys[j] != 0; j = (j + 1) & mask) {
    size_t home = slot_of(m->keys[j], m->cap);
    if (((j - home) & mask) >= ((j - hole) & mask)) {
      m->keys[hole] = m->keys[j];
      m->vals[hole] = m->vals[j];
      hole = j;
    }
  }
  m->keys[hole] = 0;
  m->vals[hole] = NULL;
  m->count--;
  return val;
}
