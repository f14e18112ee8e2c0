/**
 * Chooses how V8 sizes the heaps of the whole process (VU workers included)
 * once the test's VU count is known. Many mostly-sleeping VUs are bound by
 * memory: V8's `--optimize-for-size` grows heaps in small steps and keeps a
 * 1,000-VU test ~15-40 MB smaller and steady run to run (without it RSS
 * lands at either ~145 or ~170-210 MB depending on when the heap grew).
 * Few busy VUs are bound by CPU, where the same flag costs ~15 % of
 * requests per second. Both figures: bench/README.md.
 *
 * The young generation likewise: memory mode keeps it at its start size
 * (`--semi-space-growth-factor=1`: a semi-space "grows" to the same size),
 * speed mode lets it grow up to the workers' limit (host.ts), which takes
 * GC from 5-8 to ~1.5 µs per request.
 *
 * V8 reads both flags at every heap-growing decision, so switching them
 * after the worker isolates exist takes effect for them too.
 */
import { setFlagsFromString } from 'node:v8';

/** From this many VUs in the whole test on, memory wins over speed. */
export const MEMORY_BOUND_VUS = 300;

let current: 'memory' | 'speed' = 'speed';

/** Switches V8 to memory-saving heap growth for tests with many VUs; returns the mode chosen. */
export function tuneHeapForVUs(totalVUs: number): 'memory' | 'speed' {
  const wanted = totalVUs >= MEMORY_BOUND_VUS ? 'memory' : 'speed';
  if (wanted !== current) {
    setFlagsFromString(wanted === 'memory' ? '--optimize-for-size' : '--no-optimize-for-size');
    setFlagsFromString(wanted === 'memory' ? '--semi-space-growth-factor=1' : '--semi-space-growth-factor=2');
    current = wanted;
  }
  return wanted;
}
