/**
 * How many JIT warm-up iterations each worker runs before the clock starts
 * (runtime/warm-up.ts; a worker whose script has no k6/http runs none).
 * Every test gets a short one: a cold request path put 10–25 ms into each
 * VU's first measured request, enough to fail a 1-VU smoke test's
 * `http_reqs: ['rate>100']` (bench/README.md, first iteration). A high-rate
 * open-model schedule gets a longer one: a cold event loop that cannot keep
 * it drops iterations and reports lateness that is the generator's, not the
 * target's (bench/README.md, arrival-rate accuracy).
 */
import type { ScenarioConfig } from '../config/options.ts';
import { definitionOf } from '../config/index.ts';
import { ConfigError } from '../errors/index.ts';

/** Every test: enough for V8 to compile the request path, ~50 ms before the clock starts; more warms no further on 2 cores. */
export const FIRST_REQUEST_WARM_UP = 50;
/** Below this many iterations per second per worker a cold start keeps its schedule. */
const WARM_UP_MIN_RATE = 500;
/** Warm-up iterations per iteration per second of the busiest worker's peak rate, clamped to the bounds below. */
const WARM_UP_SECONDS = 0.4;
const WARM_UP_MIN = 500;
const WARM_UP_MAX = 2000;

/** The highest arrival rate any one worker runs: a scenario's rate is split over its definition's worker parts (as VuPool.runArrival splits it). */
export function peakRatePerWorker(scenarios: readonly ScenarioConfig[], workers: number): number {
  let peak = 0;
  for (const s of scenarios) {
    const def = definitionOf(s);
    const rate = def.peakRate(s);
    if (rate === 0) continue;
    peak = Math.max(peak, rate / def.workerParts(s, workers));
  }
  return peak;
}

/**
 * Warm-up iterations per worker: FIRST_REQUEST_WARM_UP, or more when an
 * arrival-rate scenario runs at least WARM_UP_MIN_RATE it/s on one worker. `setting` is
 * STAMPEDE_WARM_UP: `0`, `false` or `off` turns it off; a positive number is
 * the count to run whatever the scenarios; empty, `true`, `on` or `auto`
 * (and unset) decide by the rate.
 */
export function warmUpIterations(scenarios: readonly ScenarioConfig[], workers: number, setting: string | undefined): number {
  const value = setting?.trim().toLowerCase() ?? '';
  if (value === '0' || value === 'false' || value === 'off') return 0;
  if (/^\d+$/.test(value)) return Number(value);
  if (value !== '' && value !== 'true' && value !== 'on' && value !== 'auto') {
    throw new ConfigError([`STAMPEDE_WARM_UP: "${setting}" is not off, auto or a number of iterations`], 'unset it to warm up only for arrival rates of 500 it/s or more per worker; 0 turns the warm-up off');
  }
  const rate = peakRatePerWorker(scenarios, workers);
  if (rate < WARM_UP_MIN_RATE) return FIRST_REQUEST_WARM_UP;
  return Math.round(Math.min(WARM_UP_MAX, Math.max(WARM_UP_MIN, rate * WARM_UP_SECONDS)));
}
