/* Fault injection: the n-th attempt, or attempts drawn from mulberry32, fail. */
#include "core.h"

int ddk_grow(void **items, size_t *cap, size_t count, size_t item_size);

static uint32_t mulberry32(uint32_t *state) {
  uint32_t t = (*state += 0x6D2B79F5u);
  t = (t ^ (t >> 15)) * (t | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return t ^ (t >> 14);
}

int ddk_fault_attempt(ddk_ctx *c, int target, int service, uint64_t size) {
  if (c->plan != PLAN_NONE && !(c->target & target)) return 0;
  uint64_t attempt = ++c->attempts;
  int fail = 0;
  if (c->plan == PLAN_NTH) {
    fail = attempt == c->nth;
  } else if (c->plan == PLAN_RANDOM) {
    fail = (double)mulberry32(&c->rng) / 4294967296.0 < c->probability;
  }
  if (fail && ddk_grow((void **)&c->injected, &c->injected_cap, c->injected_count, sizeof(ddk_injected)) == 0) {
    ddk_injected *f = &c->injected[c->injected_count++];
    f->service = service;
    f->handler = ddk_handler(c);
    f->attempt = attempt;
    f->size = size;
  }
  return fail;
}
