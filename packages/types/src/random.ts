/**
 * mulberry32: a small, fast, seedable 32-bit generator. Random fault plans use it on every
 * backend (the native core implements the same steps in C), so a seed means the same
 * failures everywhere; returns the next number in 0..2^32-1.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
