/**
 * The worker side of the sample pipe: folds samples into one live sink per
 * (metric, tag set) and, on `cut()`, hands the main thread what changed
 * since the previous cut. Series that stay idle are dropped so a worker's
 * memory follows the tag sets in use, not every tag set ever seen.
 *
 * A worker posts its cuts in the pipe form (`cutForPipe`): the series
 * packed into one array of numbers (pipe-codec.ts), and each tag set sent
 * once and named by number after, so a batch of thousands of series clones
 * one array rather than thousands of objects, and the main thread
 * (TagSetTable) hands the store the same tags object every time.
 */
import { createSink, type LiveSink } from './sinks.ts';
import { TagKeyInterner } from './tag-set.ts';
import { ExemplarKeeper } from './exemplars.ts';
import { ScriptError } from '../errors/index.ts';
import { SeriesPacker } from './pipe-codec.ts';
import type { MetricBatch, MetricDefinition, PipeBatch, RawPoint, SeriesState, Tags } from './types.ts';

/** A tag set the batcher's series use, and its number on the pipe. */
interface TagSetEntry {
  id: number;
  tags: Tags;
  /** series holding it: at 0 (swept) the entry is forgotten */
  refs: number;
  /** posted in a pipe batch already: the main thread knows its number */
  sent: boolean;
}

interface SeriesSlot {
  metric: string;
  tags: Tags;
  tagSet: TagSetEntry;
  sink: LiveSink;
  /** the cut number in which this series last received a sample */
  lastActiveCut: number;
  changed: boolean;
}

interface MetricSlot {
  def: MetricDefinition;
  series: Map<string, SeriesSlot>;
}

/** A raw point; the `metadata` key only when there is some, so points without stay one shape. */
function rawPoint(metric: string, tags: Tags, value: number, time: number, metadata: Tags | undefined): RawPoint {
  return metadata === undefined ? { metric, tags, value, time } : { metric, tags, value, time, metadata };
}

/** Every this many cuts, series idle for a whole cut are forgotten. */
const SWEEP_EVERY_CUTS = 50;

/** Throws a ScriptError when `def` redefines a known metric with another type. */
export function assertSameType(known: MetricDefinition, def: MetricDefinition): void {
  if (known.type !== def.type) {
    throw new ScriptError('E_METRIC_TYPE_CONFLICT', `metric "${def.name}" is already defined as a ${known.type}; it cannot also be a ${def.type}`, {
      hint: 'give the new metric another name',
    });
  }
}

/**
 * Aggregates samples between cuts. Not thread-safe (one per worker); `add`
 * is the hot path and allocates nothing for a series it already holds
 * (unless raw points are kept).
 */
export class Batcher {
  /** this worker's slowest and failed requests per name; each cut carries what entered them */
  readonly exemplars = new ExemplarKeeper();
  #metrics = new Map<string, MetricSlot>();
  #newDefinitions: MetricDefinition[] = [];
  #changed: SeriesSlot[] = [];
  #points: RawPoint[] | undefined;
  #keys = new TagKeyInterner();
  /** tag-set key → its entry, for the tag sets the live series use */
  #tagSets = new Map<string, TagSetEntry>();
  #nextTagSetId = 1;
  /** numbers of posted tag sets forgotten since the last pipe batch */
  #droppedTagSets: number[] = [];
  /** the pipe form's buffer, kept from cut to cut */
  #packer: SeriesPacker | undefined;
  #cutNumber = 0;
  /** sweeps so far: series the addAll cache holds may have been forgotten since */
  #sweeps = 0;
  #lastGroup: SeriesSlot[] = [];
  #lastGroupMetrics: readonly string[] | undefined;
  #lastGroupKey = '';
  #lastGroupSweep = 0;

  /** `keepPoints`: also forward every raw sample (for outputs that need points). */
  constructor(opts: { keepPoints?: boolean } = {}) {
    if (opts.keepPoints) this.#points = [];
  }

  /** The names of every metric defined so far (built-in and the script's own). */
  metricNames(): string[] {
    return [...this.#metrics.keys()];
  }

  /** Starts (or stops) forwarding raw points: the outputs are known only after the worker's init. */
  keepPoints(on: boolean): void {
    if (on && this.#points === undefined) this.#points = [];
    else if (!on) this.#points = undefined;
  }

  /**
   * Declares a metric. Defining it again with the same type is a no-op (the
   * first `contains` wins); with another type it throws a ScriptError.
   */
  define(def: MetricDefinition): void {
    const known = this.#metrics.get(def.name);
    if (known) {
      assertSameType(known.def, def);
      return;
    }
    const copy = { name: def.name, type: def.type, contains: def.contains };
    this.#metrics.set(def.name, { def: copy, series: new Map() });
    this.#newDefinitions.push(copy);
  }

  /**
   * Records one sample. Throws when `metric` was never defined. Hot path:
   * without `timeMs` the clock is read only where a time is kept (gauges, raw points).
   * `metadata` (k6's sample metadata) goes only into the raw point, never
   * into the series: the same tags with another trace id are the same series.
   */
  add(metric: string, tags: Tags, value: number, timeMs?: number, metadata?: Tags): void {
    const m = this.#metric(metric);
    const slot = this.#series(m, tags, this.#keys.keyOf(tags));
    this.#markChanged(slot);
    if (timeMs === undefined) timeMs = m.def.type === 'gauge' || this.#points !== undefined ? Date.now() : 0;
    slot.sink.add(value, timeMs);
    if (this.#points !== undefined) this.#points.push(rawPoint(metric, tags, value, timeMs, metadata));
  }

  /**
   * `values[i]` for `metrics[i]`, all with `tags`, now (the samples of one
   * HTTP round trip): the tag set is resolved once, and the series of the
   * last metrics list and tag set are kept, so a VU repeating the same
   * request finds them without a lookup. Neither array is kept;
   * `metadata` goes only into the raw points, as with `add`.
   */
  addAll(metrics: readonly string[], tags: Tags, values: readonly number[], metadata?: Tags): void {
    const key = this.#keys.keyOf(tags);
    let slots = this.#lastGroup;
    if (metrics !== this.#lastGroupMetrics || key !== this.#lastGroupKey || this.#lastGroupSweep !== this.#sweeps) {
      slots = new Array<SeriesSlot>(metrics.length);
      for (let i = 0; i < metrics.length; i++) {
        const m = this.#metric(metrics[i]);
        if (m.def.type === 'gauge') throw new Error(`addAll takes no gauge ("${metrics[i]}"): a gauge keeps the time of its last value`);
        slots[i] = this.#series(m, tags, key);
      }
      this.#lastGroup = slots;
      this.#lastGroupMetrics = metrics;
      this.#lastGroupKey = key;
      this.#lastGroupSweep = this.#sweeps;
    }
    const points = this.#points;
    const time = points !== undefined ? Date.now() : 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      this.#markChanged(slot);
      slot.sink.add(values[i], time);
      if (points !== undefined) points.push(rawPoint(slot.metric, tags, values[i], time, metadata));
    }
  }

  #metric(name: string): MetricSlot {
    const m = this.#metrics.get(name);
    if (m === undefined) throw new Error(`metric "${name}" was not defined before its first sample; call define() first`);
    return m;
  }

  /** The series of metric `m` with `tags` (whose key is `key`), created on first use. */
  #series(m: MetricSlot, tags: Tags, key: string): SeriesSlot {
    let slot = m.series.get(key);
    if (slot === undefined) {
      let tagSet = this.#tagSets.get(key);
      if (tagSet === undefined) this.#tagSets.set(key, (tagSet = { id: this.#nextTagSetId++, tags, refs: 0, sent: false }));
      tagSet.refs++;
      slot = { metric: m.def.name, tags, tagSet, sink: createSink(m.def.type), lastActiveCut: this.#cutNumber, changed: false };
      m.series.set(key, slot);
    }
    return slot;
  }

  /** The series goes into the next cut. */
  #markChanged(slot: SeriesSlot): void {
    if (slot.changed) return;
    slot.changed = true;
    slot.lastActiveCut = this.#cutNumber;
    this.#changed.push(slot);
  }

  /**
   * Everything since the previous cut: new definitions, changed series (as
   * deltas: their sinks start again from empty) and raw points if kept.
   * Returns undefined when nothing happened.
   */
  cut(nowMs: number = Date.now()): MetricBatch | undefined {
    const series: SeriesState[] = [];
    const head = this.#cut(nowMs, (slot) => { series.push({ metric: slot.metric, tags: slot.tags, sink: slot.sink.toState() }); });
    return head && { ...head, series };
  }

  /**
   * `cut()` in the form a worker posts: the series packed into numbers,
   * each naming its metric by index in `metrics` and its tag set by
   * number; `tagSets` brings the sets posted for the first time and
   * `droppedTagSets` the numbers no series uses any more.
   */
  cutForPipe(nowMs: number = Date.now()): PipeBatch | undefined {
    const packer = (this.#packer ??= new SeriesPacker());
    const tagSets: [number, Tags][] = [];
    const metrics: string[] = [];
    const metricIndex = new Map<string, number>();
    const head = this.#cut(nowMs, (slot) => {
      const t = slot.tagSet;
      if (!t.sent) {
        t.sent = true;
        tagSets.push([t.id, t.tags]);
      }
      let index = metricIndex.get(slot.metric);
      if (index === undefined) {
        index = metrics.length;
        metricIndex.set(slot.metric, index);
        metrics.push(slot.metric);
      }
      packer.series(index, t.id, slot.sink.toState());
    });
    if (head === undefined) return undefined;
    const dropped = this.#droppedTagSets;
    this.#droppedTagSets = [];
    return { ...head, metrics, series: packer.take(), tagSets, droppedTagSets: dropped };
  }

  /** Takes everything since the previous cut; `visit` sees each changed series before its sink starts again from empty. */
  #cut(nowMs: number, visit: (slot: SeriesSlot) => void): Omit<MetricBatch, 'series'> | undefined {
    const changed = this.#changed;
    const points = this.#points;
    const exemplars = this.exemplars.takeDelta();
    if (changed.length === 0 && this.#newDefinitions.length === 0 && (points === undefined || points.length === 0) && exemplars === undefined) {
      return undefined;
    }
    for (let i = 0; i < changed.length; i++) {
      const slot = changed[i];
      visit(slot);
      slot.sink.reset();
      slot.changed = false;
    }
    const head: Omit<MetricBatch, 'series'> = { definitions: this.#newDefinitions, time: nowMs };
    if (points !== undefined) {
      head.points = points;
      this.#points = [];
    }
    if (exemplars !== undefined) head.exemplars = exemplars;
    this.#newDefinitions = [];
    this.#changed = [];
    if (++this.#cutNumber % SWEEP_EVERY_CUTS === 0) this.#sweep();
    return head;
  }

  /** Forgets series that received nothing during the last full cut period. */
  #sweep(): void {
    this.#sweeps++;
    const oldest = this.#cutNumber - 2;
    for (const m of this.#metrics.values()) {
      for (const [key, slot] of m.series) {
        if (slot.lastActiveCut >= oldest) continue;
        m.series.delete(key);
        const t = slot.tagSet;
        if (--t.refs > 0) continue;
        this.#tagSets.delete(key);
        if (t.sent) this.#droppedTagSets.push(t.id);
      }
    }
  }
}
