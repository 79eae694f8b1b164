/*
 * Byte patterns (guards, fill, poison): written and checked a word at a time. The heap
 * writes or checks one on every allocation and free, mostly a few dozen bytes, where a call
 * into the C library's memset/memcmp costs more than the work.
 */
#ifndef DDIKIT_PATTERN_H
#define DDIKIT_PATTERN_H

#include <stdint.h>
#include <string.h>

#define PATTERN(b) (0x0101010101010101ull * (uint64_t)(uint8_t)(b))

/* 16 bytes as one value: a single SSE/NEON load or store (GCC and Clang vector extension). */
typedef uint64_t pattern_v16 __attribute__((vector_size(16)));

static inline uint64_t pattern_load(const uint8_t *p) {
  uint64_t w;
  memcpy(&w, p, 8);
  return w;
}

static inline pattern_v16 pattern_load16(const uint8_t *p) {
  pattern_v16 v;
  memcpy(&v, p, 16);
  return v;
}

/* 16 bytes of b at p, or 1 when the 16 bytes at p are all b: a guard in one access. */
static inline void pattern_fill16(uint8_t *p, uint8_t b) {
  const pattern_v16 v = {PATTERN(b), PATTERN(b)};
  memcpy(p, &v, 16);
}

static inline int pattern_intact16(const uint8_t *p, uint8_t b) {
  pattern_v16 d = pattern_load16(p) ^ (pattern_v16){PATTERN(b), PATTERN(b)};
  return (d[0] | d[1]) == 0;
}

/* Sets n bytes at p to b: 64 bytes a step, then 16, then the tail. */
static inline void pattern_fill(uint8_t *p, uint8_t b, uint64_t n) {
  if (n > 1024) {
    memset(p, b, n);
    return;
  }
  const uint64_t pat = PATTERN(b);
  const pattern_v16 v = {pat, pat};
  uint64_t i = 0;
  for (; i + 64 <= n; i += 64) {
    memcpy(p + i, &v, 16);
    memcpy(p + i + 16, &v, 16);
    memcpy(p + i + 32, &v, 16);
    memcpy(p + i + 48, &v, 16);
  }
  for (; i + 16 <= n; i += 16) memcpy(p + i, &v, 16);
  if (i + 8 <= n) {
    memcpy(p + i, &pat, 8);
    i += 8;
  }
  for (; i < n; i++) p[i] = b;
}

/* 1 when all n bytes at p are b. Differences are accumulated, not branched on: the bytes are
   almost always intact. */
static inline int pattern_intact(const uint8_t *p, uint8_t b, uint64_t n) {
  const uint64_t pat = PATTERN(b);
  const pattern_v16 v = {pat, pat};
  pattern_v16 diff = {0, 0};
  uint64_t i = 0;
  for (; i + 64 <= n; i += 64)
    diff |= (pattern_load16(p + i) ^ v) | (pattern_load16(p + i + 16) ^ v) | (pattern_load16(p + i + 32) ^ v) |
            (pattern_load16(p + i + 48) ^ v);
  for (; i + 16 <= n; i += 16) diff |= pattern_load16(p + i) ^ v;
  uint64_t rest = diff[0] | diff[1];
  for (; i + 8 <= n; i += 8) rest |= pattern_load(p + i) ^ pat;
  for (; i < n; i++) rest |= (uint64_t)(p[i] ^ b);
  return rest == 0;
}

/* Offset of the first byte in [p, p+n) that is not b, or -1 (the slow path, for reports). */
static inline int64_t pattern_first_not(const uint8_t *p, uint64_t n, uint8_t b) {
  const uint64_t pat = PATTERN(b);
  uint64_t i = 0;
  while (i + 8 <= n && pattern_load(p + i) == pat) i += 8;
  for (; i < n; i++)
    if (p[i] != b) return (int64_t)i;
  return -1;
}

#endif
