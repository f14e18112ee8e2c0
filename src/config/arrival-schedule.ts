/**
 * When each iteration of an arrival-rate scenario starts. The rate moves
 * linearly between stage targets (starting at startRate); iteration i starts
 * at the moment the number of iterations due — the integral of the rate —
 * reaches i, so starts are evenly spaced at a constant rate and follow the
 * curve exactly while ramping. constant-arrival-rate is one stage whose
 * start and target are both `rate`.
 */
import type { RateProfile } from './executors/index.ts';

interface Segment {
  /** offset of the segment's start from the scenario start, ms */
  startMs: number;
  durationMs: number;
  /** rates at both ends, in iterations per ms */
  from: number;
  to: number;
  /** iterations due before the segment starts, and at its end */
  dueBefore: number;
  dueAfter: number;
}

// Keeps 3 × (1/3) of a rate from landing a hair past a whole iteration.
const EPSILON = 1e-9;

export class ArrivalSchedule {
  readonly #segments: Segment[] = [];
  /** every iteration the schedule starts, in total */
  readonly total: number;
  #cursor = 0;

  /** Rates are per `timeUnitMs`, as users write them. */
  constructor(startRate: number, stages: readonly { durationMs: number; target: number }[], timeUnitMs: number) {
    let from = startRate / timeUnitMs;
    let startMs = 0;
    let due = 0;
    for (const stage of stages) {
      const to = stage.target / timeUnitMs;
      const dueAfter = due + ((from + to) / 2) * stage.durationMs;
      this.#segments.push({ startMs, durationMs: stage.durationMs, from, to, dueBefore: due, dueAfter });
      startMs += stage.durationMs;
      due = dueAfter;
      from = to;
    }
    this.total = Math.ceil(due - EPSILON);
  }

  /** The schedule of an arrival-rate scenario, from its definition's rate profile (constantRateProfile, rampingRateProfile). */
  static of(p: RateProfile): ArrivalSchedule {
    return new ArrivalSchedule(p.startRate, p.stages, p.timeUnitMs);
  }

  /**
   * Offset in ms from the scenario start at which iteration `i` (0-based)
   * starts, or undefined when the scenario ends before it. Fastest when
   * called with increasing `i`.
   */
  offsetOf(i: number): number | undefined {
    if (i >= this.total) return undefined;
    const segs = this.#segments;
    if (this.#cursor >= segs.length || segs[this.#cursor].dueBefore > i + EPSILON) this.#cursor = 0;
    while (this.#cursor < segs.length && segs[this.#cursor].dueAfter <= i + EPSILON) this.#cursor++;
    const seg = segs[this.#cursor];
    if (!seg) return undefined;
    const k = i - seg.dueBefore;
    if (k <= EPSILON) return seg.startMs;
    // Solve from·t + (to−from)·t²/(2·D) = k for t; this form is stable as to−from → 0.
    const slope = (seg.to - seg.from) / seg.durationMs;
    return seg.startMs + (2 * k) / (seg.from + Math.sqrt(seg.from * seg.from + 2 * slope * k));
  }
}
