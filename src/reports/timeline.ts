/**
 * The run over time, for the HTML report, the live dashboard and the run
 * history: every metric's value per period (request rate, VUs, latency
 * percentiles, error and check rates …), overall and per scenario and per
 * group. Fed the same merged batches as the summary; each period's
 * aggregates are turned into numbers when the period closes and dropped,
 * so memory grows with the number of periods, never with samples.
 */
import { createSink, sinkValues, type Sink, type MetricBatch, type MetricDefinition, type MetricType } from '../metrics/index.ts';

/** The stats a chart shows per metric type (counters: per-second rate and count in the period). */
export const TIMELINE_STATS: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ['rate', 'count'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};
const TREND_STATS = TIMELINE_STATS.trend;

/** Which samples a series covers: all of them, one scenario's, or one group's. */
export type TimelineScope = { kind: 'all' } | { kind: 'scenario'; name: string } | { kind: 'group'; name: string };

export interface TimelineSeries {
  metric: string;
  stat: string;
  scope: TimelineScope;
  /** a probe's or a fault's series apart (probe_<name> by its tags, chaos_fault by fault); other metrics merge their tag sets */
  tags?: Record<string, string>;
  /** [ms since the test started (period end), value]; a period without samples has no point */
  points: [number, number][];
}

export interface Timeline {
  /** period length in ms */
  periodMs: number;
  /** wall-clock ms the periods count from */
  startedAt: number;
  series: TimelineSeries[];
}

/** At most this many periods per run: longer runs get longer periods. */
const MAX_PERIODS = 600;

/** A period of 1 s, longer for runs planned past MAX_PERIODS seconds (whole seconds). */
export function periodFor(plannedDurationMs: number): number {
  if (!Number.isFinite(plannedDurationMs)) return 1000; // externally-controlled without a duration
  return Math.max(1000, Math.ceil(plannedDurationMs / MAX_PERIODS / 1000) * 1000);
}

function scopeKey(s: TimelineScope): string {
  return s.kind === 'all' ? '' : `${s.kind}=${s.name}`;
}

/**
 * Metrics whose series stay apart by tag set in the timeline: the service
 * probes' (probe_<name>, probe_<name>_drain, probe_errors) and the chaos
 * drills' (chaos_fault and recovery_time, one series per fault).
 */
const PER_TAG_SET = /^(probe_|chaos_fault$|recovery_time$)/;

/** A whole-test series key for one tag set: `tags={"state":"waiting"}` (sorted), '' for none. */
function tagsKey(tags: Readonly<Record<string, string>>): string {
  const keys = Object.keys(tags).sort();
  return keys.length === 0 ? '' : `tags=${JSON.stringify(keys.map((k) => [k, tags[k]]))}`;
}

interface OpenPeriod {
  index: number;
  /** metric → scope key → aggregate */
  sinks: Map<string, Map<string, { scope: TimelineScope; sink: Sink; tags?: Record<string, string> }>>;
}

function mergePeriod(into: OpenPeriod, from: OpenPeriod): void {
  for (const [metric, byScope] of from.sinks) {
    let target = into.sinks.get(metric);
    if (!target) into.sinks.set(metric, (target = new Map()));
    for (const [key, entry] of byScope) {
      const existing = target.get(key);
      if (existing) existing.sink.mergeLive(entry.sink);
      else target.set(key, entry);
    }
  }
}

export class TimelineCollector {
  readonly periodMs: number;
  readonly startedAt: number;
  readonly #definitions = new Map<string, MetricDefinition>();
  readonly #series = new Map<string, TimelineSeries>();
  /** periods still taking batches: a worker's batch may arrive just after the next period began */
  #open: OpenPeriod[] = [];
  #onPeriod: ((closed: Timeline) => void) | undefined;

  constructor(startedAt: number, periodMs: number) {
    this.startedAt = startedAt;
    this.periodMs = periodMs;
  }

  /** Called with the new points each time a period closes (the live dashboard streams them). */
  onPeriod(fn: (closed: Timeline) => void): void {
    this.#onPeriod = fn;
  }

  get definitions(): MetricDefinition[] {
    return [...this.#definitions.values()];
  }

  add(batch: MetricBatch): void {
    for (const d of batch.definitions) if (!this.#definitions.has(d.name)) this.#definitions.set(d.name, d);
    if (batch.series.length === 0) return;
    // a batch holds what happened in the ~100 ms before it was cut
    const index = Math.max(0, Math.floor((batch.time - 1 - this.startedAt) / this.periodMs));
    // periods two behind this one will get nothing more
    while (this.#open.length > 0 && this.#open[0].index < index - 1) this.#close(this.#open.shift()!);
    let period = this.#open.find((p) => p.index === index);
    if (!period) {
      period = { index, sinks: new Map() };
      this.#open.push(period);
      this.#open.sort((a, b) => a.index - b.index);
    }
    for (const s of batch.series) {
      let byScope = period.sinks.get(s.metric);
      if (!byScope) period.sinks.set(s.metric, (byScope = new Map()));
      if (PER_TAG_SET.test(s.metric)) {
        // a probe's series stay apart by their tags (one line each in the report's probe chart), a fault's window by its name
        const key = tagsKey(s.tags);
        let entry = byScope.get(key);
        if (!entry) byScope.set(key, (entry = { scope: { kind: 'all' }, sink: createSink(s.sink.type), tags: { ...s.tags } }));
        entry.sink.mergeState(s.sink);
        continue;
      }
      const scopes: TimelineScope[] = [{ kind: 'all' }];
      if (s.tags.scenario) scopes.push({ kind: 'scenario', name: s.tags.scenario });
      if (s.tags.group) scopes.push({ kind: 'group', name: s.tags.group });
      for (const scope of scopes) {
        const key = scopeKey(scope);
        let entry = byScope.get(key);
        if (!entry) byScope.set(key, (entry = { scope, sink: createSink(s.sink.type) }));
        entry.sink.mergeState(s.sink);
      }
    }
  }

  /**
   * Closes every open period and returns the whole timeline. The last
   * period ends at `endedAt` (wall-clock ms): its point is placed there and
   * its per-second rates divide by its real, shorter length.
   */
  finish(endedAt?: number): Timeline {
    const end = endedAt === undefined ? undefined : endedAt - this.startedAt;
    const open = this.#open.splice(0);
    // a last period shorter than half a period joins the one before: a rate over a sliver is noise
    const last = open.at(-1);
    const before = open.at(-2);
    if (end !== undefined && last && before && before.index === last.index - 1 && end - last.index * this.periodMs < this.periodMs / 2) {
      mergePeriod(before, last);
      open.pop();
    }
    for (const p of open) {
      const periodEnd = (p.index + 1) * this.periodMs;
      const isLast = p === open.at(-1);
      this.#close(p, isLast && end !== undefined && end > p.index * this.periodMs && end < periodEnd + this.periodMs ? Math.min(end, periodEnd + this.periodMs) : periodEnd);
    }
    return this.snapshot();
  }

  /** Everything closed so far. */
  snapshot(): Timeline {
    return { periodMs: this.periodMs, startedAt: this.startedAt, series: [...this.#series.values()].map((s) => ({ ...s, points: [...s.points] })) };
  }

  #close(period: OpenPeriod, t = (period.index + 1) * this.periodMs): void {
    const lengthMs = t - period.index * this.periodMs;
    const fresh: TimelineSeries[] = [];
    for (const [metric, byScope] of period.sinks) {
      for (const [key, { scope, sink, tags }] of byScope) {
        const values = sinkValues(sink, { trendStats: TREND_STATS, durationMs: lengthMs });
        const type = this.#definitions.get(metric)?.type ?? sink.type;
        for (const stat of TIMELINE_STATS[type]) {
          const v = values[stat];
          if (v === undefined || !Number.isFinite(v)) continue;
          const id = `${metric}|${stat}|${key}`;
          let series = this.#series.get(id);
          if (!series) this.#series.set(id, (series = { metric, stat, scope, ...(tags ? { tags } : {}), points: [] }));
          series.points.push([t, v]);
          fresh.push({ metric, stat, scope, ...(tags ? { tags } : {}), points: [[t, v]] });
        }
      }
    }
    this.#onPeriod?.({ periodMs: this.periodMs, startedAt: this.startedAt, series: fresh });
  }
}
