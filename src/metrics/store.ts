/**
 * The main-thread aggregate of the sample pipe: merges every worker's
 * batches and answers MetricsView queries for thresholds, the summary and
 * outputs. Tag sets per metric are capped so a script that puts unique
 * URLs in tags cannot exhaust memory; past the cap, samples still count in
 * the metric's total but their series fold into one overflow series.
 *
 * Histograms change form once, here: a batch's plain states are merged
 * into live sinks, and queries hand those out (SinkView) without copying.
 * A submetric (`matching`) is built from the series the first time it is
 * asked for and then kept up to date as batches arrive, so thresholds and
 * the dashboard read it in O(1) however many series the metric has.
 */
import { createSink, type Sink, type SinkView } from './sinks.ts';
import { tagKey } from './tag-set.ts';
import { assertSameType } from './batcher.ts';
import { ExemplarKeeper, type ExemplarReport } from './exemplars.ts';
import type { MetricBatch, MetricDefinition, MetricsView, SeriesView, Tags } from './types.ts';

/** The tag set of the series that holds samples whose own tag set came past the cap. */
export const OVERFLOW_TAGS: Tags = Object.freeze({ __stampede_overflow: 'true' });

interface StoredSeries {
  tags: Tags;
  sink: Sink;
}

/** A submetric kept up to date: the series whose tags include every pair of `filter`. */
interface Submetric {
  filter: Tags;
  names: readonly string[];
  sink: Sink;
}

interface StoredMetric {
  def: MetricDefinition;
  /** defined from a series before its definition arrived; the real definition's `contains` replaces the guess */
  inferred: boolean;
  /** every sample of the metric, whatever its tags */
  total: Sink;
  series: Map<string, StoredSeries>;
  overflow: StoredSeries | undefined;
  /** submetrics asked for so far, by tagKey(filter) */
  submetrics: Map<string, Submetric>;
}

/** Submetrics kept up to date per store; past this, `matching` merges the series on every call. */
const MAX_SUBMETRICS = 1000;

/** Options for MetricStore. */
export interface MetricStoreOptions {
  /** distinct tag sets kept per metric before folding into the overflow series (default 10,000) */
  maxSeriesPerMetric?: number;
  /** exemplars kept per request name and list (default 5; 0 keeps none) */
  exemplarsPerName?: number;
}

/** Aggregates batches on the main thread. Single-threaded; merge() and the queries never block. */
export class MetricStore implements MetricsView {
  #metrics = new Map<string, StoredMetric>();
  readonly #maxSeries: number;
  #submetricCount = 0;
  /** keys of the tags objects a worker's TagSetTable hands in again every batch */
  readonly #keys = new WeakMap<Tags, string>();
  /** the run's slowest and failed requests per name, over every worker's (and agent's) batches */
  readonly exemplars: ExemplarKeeper;

  constructor(opts: MetricStoreOptions = {}) {
    this.#maxSeries = opts.maxSeriesPerMetric ?? 10_000;
    this.exemplars = new ExemplarKeeper({ perName: opts.exemplarsPerName });
  }

  /**
   * Adds a worker batch. Throws a ScriptError when a definition conflicts
   * with a known one (same name, another type). A series of a metric never
   * defined is accepted and defines it from its sink type.
   */
  merge(batch: MetricBatch): void {
    if (batch.exemplars !== undefined) this.exemplars.merge(batch.exemplars);
    for (const def of batch.definitions) this.#define(def);
    for (const s of batch.series) {
      const m = this.#metrics.get(s.metric) ?? this.#define({ name: s.metric, type: s.sink.type, contains: 'default' }, true);
      m.total.mergeState(s.sink);
      const series = this.#seriesFor(m, s.tags);
      series.sink.mergeState(s.sink);
      if (m.submetrics.size === 0 || series === m.overflow) continue;
      for (const sub of m.submetrics.values()) {
        if (includesAll(series.tags, sub.filter, sub.names)) sub.sink.mergeState(s.sink);
      }
    }
  }

  /** One warning per metric whose tag sets hit the cap, naming the metric and the remedy. */
  warnings(): string[] {
    const out: string[] = [];
    for (const m of this.#metrics.values()) {
      if (m.overflow === undefined) continue;
      const culprit = mostVariedTag(m.series.values());
      out.push(`metric "${m.def.name}" has more than ${this.#maxSeries} distinct tag sets${culprit ? ` (tag "${culprit.name}" alone has ${culprit.values} values)` : ''}; newer tag sets were folded into one series, ` +
        'so thresholds and outputs that filter by tags may miss their samples (the metric\'s totals are still complete). ' +
        'Group dynamic URLs with the "name" tag, e.g. http.get(url, { tags: { name: "ItemURL" } }), or use http.url`…${id}` template literals.');
    }
    return out;
  }

  /** The slowest and failed requests per name so far (copies). */
  exemplarReport(): ExemplarReport {
    return this.exemplars.report();
  }

  /** Every metric seen, in first-seen order. */
  definitions(): MetricDefinition[] {
    return [...this.#metrics.values()].map((m) => m.def);
  }

  /** The metric's definition, or undefined when never seen. */
  definition(name: string): MetricDefinition | undefined {
    return this.#metrics.get(name)?.def;
  }

  /** Every tag set of the metric (overflow series last), each with its live sink. O(series), copies no sink. */
  series(metric: string): readonly SeriesView[] {
    const m = this.#metrics.get(metric);
    if (!m) return [];
    const out: SeriesView[] = [];
    for (const s of m.series.values()) out.push({ metric, tags: s.tags, sink: s.sink });
    if (m.overflow) out.push({ metric, tags: m.overflow.tags, sink: m.overflow.sink });
    return out;
  }

  /** The metric over all its samples (its live sink); undefined when it has none. */
  total(metric: string): SinkView | undefined {
    const m = this.#metrics.get(metric);
    return m && m.total.samples() > 0 ? m.total : undefined;
  }

  /**
   * The metric over the series whose tags include every pair of `filter`
   * (a k6 submetric); undefined when no sample matched. An empty filter is
   * the total. The overflow series never matches a non-empty filter. The
   * first call for a filter merges the matching series; the store then
   * keeps that submetric up to date, so later calls cost nothing.
   */
  matching(metric: string, filter: Tags): SinkView | undefined {
    const m = this.#metrics.get(metric);
    if (!m) return undefined;
    const names = Object.keys(filter);
    if (names.length === 0) return this.total(metric);
    const key = tagKey(filter);
    let sub = m.submetrics.get(key);
    if (sub === undefined) {
      sub = { filter: { ...filter }, names, sink: createSink(m.def.type) };
      for (const s of m.series.values()) {
        if (includesAll(s.tags, filter, names)) sub.sink.mergeLive(s.sink);
      }
      if (this.#submetricCount < MAX_SUBMETRICS) {
        m.submetrics.set(key, sub);
        this.#submetricCount++;
      }
    }
    return sub.sink.samples() > 0 ? sub.sink : undefined;
  }

  #define(def: MetricDefinition, inferred = false): StoredMetric {
    const known = this.#metrics.get(def.name);
    if (known) {
      assertSameType(known.def, def);
      if (known.inferred && !inferred) {
        known.def.contains = def.contains;
        known.inferred = false;
      }
      return known;
    }
    const m: StoredMetric = {
      def: { name: def.name, type: def.type, contains: def.contains },
      inferred,
      total: createSink(def.type),
      series: new Map(),
      overflow: undefined,
      submetrics: new Map(),
    };
    this.#metrics.set(def.name, m);
    return m;
  }

  #seriesFor(m: StoredMetric, tags: Tags): StoredSeries {
    const key = this.#keyOf(tags);
    let s = m.series.get(key);
    if (s !== undefined) return s;
    if (m.series.size >= this.#maxSeries) {
      m.overflow ??= { tags: OVERFLOW_TAGS, sink: createSink(m.def.type) };
      return m.overflow;
    }
    s = { tags, sink: createSink(m.def.type) };
    m.series.set(key, s);
    return s;
  }

  /** tagKey(tags), once per tags object. */
  #keyOf(tags: Tags): string {
    let key = this.#keys.get(tags);
    if (key === undefined) this.#keys.set(tags, (key = tagKey(tags)));
    return key;
  }
}

function includesAll(tags: Tags, filter: Tags, names: readonly string[]): boolean {
  for (let i = 0; i < names.length; i++) {
    if (tags[names[i]] !== filter[names[i]]) return false;
  }
  return true;
}

/** The tag with the most distinct values across `series`: the usual cause of a tag-set explosion (a unique URL per request). */
function mostVariedTag(series: Iterable<{ tags: Tags }>): { name: string; values: number } | undefined {
  const values = new Map<string, Set<string>>();
  for (const s of series) {
    for (const name in s.tags) {
      let set = values.get(name);
      if (!set) values.set(name, (set = new Set()));
      set.add(s.tags[name]);
    }
  }
  let best: { name: string; values: number } | undefined;
  for (const [name, set] of values) if (!best || set.size > best.values) best = { name, values: set.size };
  return best && best.values > 1 ? best : undefined;
}
