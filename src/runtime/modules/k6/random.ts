/**
 * randomSeed(): k6 makes Math.random repeatable after a seed. A worker thread
 * has one Math.random for all its VUs, so the seeded generator replaces it for
 * the whole thread, as in k6 where the seed applies to the VU's runtime.
 */
import { mulberry32 } from '../../../lib/index.ts';

const nativeRandom = Math.random;

/** Makes Math.random deterministic from `seed`; NaN restores the native one. */
export function seedRandom(seed: number): void {
  Math.random = Number.isFinite(seed) ? mulberry32(seed) : nativeRandom;
}
