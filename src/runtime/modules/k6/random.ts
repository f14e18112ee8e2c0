/**
 * randomSeed(): k6 makes Math.random repeatable after a seed. A worker thread
 * has one Math.random for all its VUs, so the seeded generator replaces it for
 * the whole thread, as in k6 where the seed applies to the VU's runtime.
 */
const nativeRandom = Math.random;

/** mulberry32: small, fast, good enough for test data (not for crypto). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Makes Math.random deterministic from `seed`; NaN restores the native one. */
export function seedRandom(seed: number): void {
  Math.random = Number.isFinite(seed) ? mulberry32(seed) : nativeRandom;
}
