/**
 * Planning over parsed scenarios for the scheduler, the run and the
 * progress display: VU needs, run times and k6's one-line description,
 * each answered by the scenario's executor definition (config/executors/).
 */
import type { ScenarioConfig } from './options.ts';
import { definitionOf } from './executors/index.ts';

export { rampingVUsAt, rampingRateAt } from './executors/index.ts';

/**
 * The most VUs the scenario can have at once, i.e. how many to initialise
 * for it: `vus` for the iteration and constant executors, the highest of
 * startVUs and the stage targets for ramping-vus, `maxVUs` for the
 * arrival-rate and externally-controlled executors.
 */
export function maxVUsOf(s: ScenarioConfig): number {
  return definitionOf(s).maxVUs(s);
}

/**
 * VUs to have ready when the scenario starts: preAllocatedVUs for the
 * arrival-rate executors (they may grow to maxVUs), maxVUsOf otherwise.
 */
export function initialVUsOf(s: ScenarioConfig): number {
  return definitionOf(s).initialVUs(s);
}

/**
 * The scenario's regular run time once started, gracefulStop not included:
 * maxDuration, duration, or the sum of its stages; Infinity for
 * externally-controlled with duration 0 (it runs until stopped).
 */
export function plannedDurationMs(s: ScenarioConfig): number {
  return definitionOf(s).plannedMs(s);
}

/**
 * The longest the scenario can run once started (startTime not included):
 * its planned time plus gracefulStop. externally-controlled has no
 * gracefulStop; with duration 0 it runs until stopped, which is Infinity here.
 */
export function totalDurationMs(s: ScenarioConfig): number {
  const def = definitionOf(s);
  return def.plannedMs(s) + (def.gracefulStop ? s.gracefulStopMs : 0);
}

/** When the whole test ends at the latest: max over scenarios of startTime + totalDurationMs (0 for none). */
export function testMaxDurationMs(scenarios: readonly ScenarioConfig[]): number {
  let end = 0;
  for (const s of scenarios) end = Math.max(end, s.startTimeMs + totalDurationMs(s));
  return end;
}

/**
 * k6's one-line description of a scenario, as printed before a run, e.g.
 * `10 looping VUs for 30s (gracefulStop: 30s)` or
 * `Up to 50 looping VUs for 1m0s over 2 stages (gracefulRampDown: 30s, gracefulStop: 30s)`.
 */
export function describeScenario(s: ScenarioConfig): string {
  return definitionOf(s).describe(s);
}

/** An arrival-rate scenario's highest rate in iterations per second; 0 for the other executors. */
export function peakArrivalRate(s: ScenarioConfig): number {
  return definitionOf(s).peakRate(s);
}

/** True when the REST API can scale the scenario's VUs while it runs (externally-controlled). */
export function isScalable(s: ScenarioConfig): boolean {
  return definitionOf(s).scalable;
}
