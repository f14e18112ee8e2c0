/**
 * Pure planning helpers over a ScenarioConfig for the scheduler and the
 * progress display: VU needs, run times, the ramping-vus curve, and k6's
 * one-line scenario description. Called per scheduler tick, so they do not
 * allocate.
 */
import type { ScenarioConfig } from './options.ts';
import { formatDuration } from './duration.ts';

type Stages = ScenarioConfig['stages'];

/** The largest of `start` and every stage target. */
function peakOf(start: number, stages: Stages): number {
  let peak = start;
  for (const s of stages) if (s.target > peak) peak = s.target;
  return peak;
}

/**
 * The most VUs the scenario can have at once, i.e. how many to initialise
 * for it: `vus` for the iteration and constant executors, the highest of
 * startVUs and the stage targets for ramping-vus, `maxVUs` for the
 * arrival-rate and externally-controlled executors.
 */
export function maxVUsOf(s: ScenarioConfig): number {
  switch (s.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations':
    case 'constant-vus':
      return s.vus;
    case 'ramping-vus':
      return peakOf(s.startVUs, s.stages);
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
    case 'externally-controlled':
      return s.maxVUs;
  }
}

/**
 * VUs to have ready when the scenario starts: preAllocatedVUs for the
 * arrival-rate executors (they may grow to maxVUs), maxVUsOf otherwise.
 */
export function initialVUsOf(s: ScenarioConfig): number {
  return s.executor === 'constant-arrival-rate' || s.executor === 'ramping-arrival-rate' ? s.preAllocatedVUs : maxVUsOf(s);
}

/**
 * The longest the scenario can run once started (startTime not included):
 * its regular time (maxDuration, duration, or the sum of its stages) plus
 * gracefulStop. externally-controlled has no gracefulStop; with duration 0
 * it runs until stopped, which is Infinity here.
 */
export function totalDurationMs(s: ScenarioConfig): number {
  switch (s.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations':
      return s.maxDurationMs + s.gracefulStopMs;
    case 'externally-controlled':
      return s.durationMs === 0 ? Infinity : s.durationMs;
    default:
      return s.durationMs + s.gracefulStopMs;
  }
}

/** When the whole test ends at the latest: max over scenarios of startTime + totalDurationMs (0 for none). */
export function testMaxDurationMs(scenarios: readonly ScenarioConfig[]): number {
  let end = 0;
  for (const s of scenarios) end = Math.max(end, s.startTimeMs + totalDurationMs(s));
  return end;
}

/**
 * The ramping-vus VU target `tMs` after the scenario started, as k6 plans
 * it: within a stage the count moves linearly from the previous target
 * (startVUs for the first stage) to the stage's target and is truncated
 * towards the previous target, so each extra VU starts (or each VU too many
 * stops) exactly when the line reaches the next whole number; a 0-duration
 * stage jumps at once. Before 0 it is startVUs; after the last stage, the
 * last target.
 */
export function rampingVUsAt(stages: Stages, startVUs: number, tMs: number): number {
  const { value, from, target } = positionOnStages(stages, startVUs, tMs);
  if (value === from) return from;
  // the epsilon keeps 3 × (1000/3) from landing just below 1
  return target >= from ? Math.floor(value + 1e-9) : Math.ceil(value - 1e-9);
}

/**
 * The ramping-arrival-rate rate (iterations per timeUnit) `tMs` after the
 * scenario started: linear between stage targets, starting from startRate,
 * not rounded. After the last stage, the last target.
 */
export function rampingRateAt(stages: Stages, startRate: number, tMs: number): number {
  return positionOnStages(stages, startRate, tMs).value;
}

/**
 * Where `tMs` falls on the line through the stage targets (starting at
 * `start`): the interpolated value, and the stage's from and target. Before
 * 0 it is `start`; after the last stage, the last target (from = target).
 */
function positionOnStages(stages: Stages, start: number, tMs: number): { value: number; from: number; target: number } {
  let from = start;
  let stageStart = 0;
  for (const stage of stages) {
    const stageEnd = stageStart + stage.durationMs;
    if (tMs < stageEnd) {
      if (tMs <= stageStart) return { value: from, from, target: stage.target };
      return { value: from + ((stage.target - from) * (tMs - stageStart)) / stage.durationMs, from, target: stage.target };
    }
    from = stage.target;
    stageStart = stageEnd;
  }
  return { value: from, from, target: from };
}

function withFacts(s: ScenarioConfig, facts: string[]): string {
  if (s.exec !== 'default') facts.push(`exec: ${s.exec}`);
  if (s.startTimeMs > 0) facts.push(`startTime: ${formatDuration(s.startTimeMs)}`);
  if (s.gracefulStopMs > 0) facts.push(`gracefulStop: ${formatDuration(s.gracefulStopMs)}`);
  return facts.length ? ` (${facts.join(', ')})` : '';
}

function arrivalVUsFact(s: ScenarioConfig): string {
  return `maxVUs: ${s.preAllocatedVUs}${s.maxVUs > s.preAllocatedVUs ? `-${s.maxVUs}` : ''}`;
}

function perSecond(rate: number, timeUnitMs: number): string {
  return (timeUnitMs > 0 ? (rate * 1000) / timeUnitMs : 0).toFixed(2);
}

/**
 * k6's one-line description of a scenario, as printed before a run, e.g.
 * `10 looping VUs for 30s (gracefulStop: 30s)` or
 * `Up to 50 looping VUs for 1m0s over 2 stages (gracefulRampDown: 30s, gracefulStop: 30s)`.
 */
export function describeScenario(s: ScenarioConfig): string {
  const stagesTime = formatDuration(s.durationMs);
  switch (s.executor) {
    case 'shared-iterations':
      return `${s.iterations} iterations shared among ${s.vus} VUs${withFacts(s, [`maxDuration: ${formatDuration(s.maxDurationMs)}`])}`;
    case 'per-vu-iterations':
      return `${s.iterations} iterations for each of ${s.vus} VUs${withFacts(s, [`maxDuration: ${formatDuration(s.maxDurationMs)}`])}`;
    case 'constant-vus':
      return `${s.vus} looping VUs for ${formatDuration(s.durationMs)}${withFacts(s, [])}`;
    case 'ramping-vus':
      return `Up to ${maxVUsOf(s)} looping VUs for ${stagesTime} over ${s.stages.length} stages${withFacts(s, [`gracefulRampDown: ${formatDuration(s.gracefulRampDownMs)}`])}`;
    case 'constant-arrival-rate':
      return `${perSecond(s.rate, s.timeUnitMs)} iterations/s for ${formatDuration(s.durationMs)}${withFacts(s, [arrivalVUsFact(s)])}`;
    case 'ramping-arrival-rate':
      return `Up to ${perSecond(peakOf(s.startRate, s.stages), s.timeUnitMs)} iterations/s for ${stagesTime} over ${s.stages.length} stages${withFacts(s, [arrivalVUsFact(s)])}`;
    case 'externally-controlled':
      return `Externally controlled execution with ${s.vus} VUs, ${s.maxVUs} max VUs, ${s.durationMs === 0 ? 'infinite' : formatDuration(s.durationMs)} duration`;
  }
}

/** An arrival-rate scenario's highest rate in iterations per second; 0 for the other executors. */
export function peakArrivalRate(s: ScenarioConfig): number {
  switch (s.executor) {
    case 'constant-arrival-rate':
      return (s.rate * 1000) / s.timeUnitMs;
    case 'ramping-arrival-rate':
      return (peakOf(s.startRate, s.stages) * 1000) / s.timeUnitMs;
    default:
      return 0;
  }
}
