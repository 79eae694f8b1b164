/* Open-addressing hash table from address to a value: the large blocks, host memory, Retreat MDLs. */
#include <stdlib.h>

#include "core.h"

static inline size_t slot_of(uintptr_t key, size_t cap) {
  uint64_t h = (uint64_t)(key >> 4) * 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 32) & (cap - 1);
}

int ddk_map_init(ddk_map *m, size_t cap) {
  m->cap = cap;
  m->count = 0;
  m->slots = calloc(cap, sizeof *m->slots);
  return m->slots ? 0 : -1;
}

void ddk_map_free(ddk_map *m) {
  free(m->slots);
  m->slots = NULL;
  m->cap = m->count = 0;
}

void *ddk_map_get(const ddk_map *m, uintptr_t key) {
  size_t mask = m->cap - 1;
  for (size_t i = slot_of(key, m->cap);; i = (i + 1) & mask) {
    uintptr_t k = m->slots[i].key;
    if (k == key) return m->slots[i].val;
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
    if (m->slots[i].key) ddk_map_put(&bigger, m->slots[i].key, m->slots[i].val);
  ddk_map_free(m);
  *m = bigger;
  return 0;
}

int ddk_map_put(ddk_map *m, uintptr_t key, void *val) {
  if ((m->count + 1) * 2 > m->cap && grow(m) != 0) return -1;
  size_t mask = m->cap - 1;
  for (size_t i = slot_of(key, m->cap);; i = (i + 1) & mask) {
    if (m->slots[i].key == key) {
      m->slots[i].val = val;
      return 0;
    }
    if (m->slots[i].key == 0) {
      m->slots[i].key = key;
      m->slots[i].val = val;
      m->count++;
      return 0;
    }
  }
}

void *ddk_map_remove(ddk_map *m, uintptr_t key) {
  size_t mask = m->cap - 1;
  size_t i = slot_of(key, m->cap);
  while (m->slots[i].key != key) {
    if (m->slots[i].key == 0) return NULL;
    i = (i + 1) & mask;
  }
  void *val = m->slots[i].val;
  /* backward-shift deletion keeps every probe chain intact */
  size_t hole = i;
  for (size_t j = (i + 1) & mask; m->slots[j].key != 0; j = (j + 1) & mask) {
    size_t home = slot_of(m->slots[j].key, m->cap);
    if (((j - home) & mask) >= ((j - hole) & mask)) {
      m->slots[hole] = m->slots[j];
      hole = j;
    }
  }
  m->slots[hole].key = 0;
  m->slots[hole].val = NULL;
  m->count--;
  return val;
}
