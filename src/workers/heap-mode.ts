/**
 * Chooses how V8 sizes the heaps of the whole process (VU workers included)
 * once the test's VU count is known. Three regimes, each measured
 * (bench/README.md):
 *
 * - speed (few busy VUs, CPU-bound): V8's own heap growth and a young
 *   generation that grows to the workers' limit (host.ts), which takes GC
 *   from 5-8 to ~1.5 µs per request;
 * - memory (hundreds to a few thousand mostly-sleeping VUs): V8's
 *   `--optimize-for-size` grows the heap in small steps and keeps a
 *   1,000-VU test ~140 MB and steady run to run; the young generation stays
 *   at its start size (`--semi-space-growth-factor=1`);
 * - scale (thousands of VUs): the same young generation, but the old one
 *   grows in steps of 20 % of what is live (`--heap-growing-percent=20`)
 *   without optimize-for-size's memory-reducing full collections. At 10,000
 *   VUs those took 30 % of each worker's time and the VUs kept only 64-70 %
 *   of their pace; 20 % steps keep 90-95 % of it for ~80 MB more (the heap
 *   is then marked over 100 MB per worker, so every full collection counts).
 *
 * V8 reads these flags at every heap-growing decision, so switching them
 * after the worker isolates exist takes effect for them too.
 */
import { setFlagsFromString } from 'node:v8';

/** From this many VUs in the whole test on, memory wins over speed. */
export const MEMORY_BOUND_VUS = 300;
/** From this many on, full collections of the large heap cost the VUs their pace. */
export const SCALE_VUS = 3000;

export type HeapMode = 'speed' | 'memory' | 'scale';

const FLAGS: Readonly<Record<HeapMode, readonly string[]>> = {
  speed: ['--no-optimize-for-size', '--heap-growing-percent=0', '--semi-space-growth-factor=2'],
  memory: ['--optimize-for-size', '--heap-growing-percent=0', '--semi-space-growth-factor=1'],
  scale: ['--no-optimize-for-size', '--heap-growing-percent=20', '--semi-space-growth-factor=1'],
};

let current: HeapMode = 'speed';

/** The regime for a test with `totalVUs` VUs. */
export function heapModeFor(totalVUs: number): HeapMode {
  return totalVUs >= SCALE_VUS ? 'scale' : totalVUs >= MEMORY_BOUND_VUS ? 'memory' : 'speed';
}

/** Sets V8's heap growth for a test with `totalVUs` VUs; returns the mode chosen. */
export function tuneHeapForVUs(totalVUs: number): HeapMode {
  const wanted = heapModeFor(totalVUs);
  if (wanted !== current) {
    for (const flag of FLAGS[wanted]) setFlagsFromString(flag);
    current = wanted;
  }
  return wanted;
}
