/**
 * Stage arithmetic shared by the ramping executors: the peak, the total
 * time, and where a moment falls on the line through the stage targets.
 * Called per scheduler tick, so nothing here allocates.
 */

/** A parsed stage: ramp linearly to `target` over `durationMs`. */
export interface StageMs { durationMs: number; target: number }

type Stages = readonly StageMs[];

/** The largest of `start` and every stage target. */
export function peakOf(start: number, stages: Stages): number {
  let peak = start;
  for (const s of stages) if (s.target > peak) peak = s.target;
  return peak;
}

/** The stages' total time, ms. */
export function sumStages(stages: Stages): number {
  let total = 0;
  for (const s of stages) total += s.durationMs;
  return total;
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
