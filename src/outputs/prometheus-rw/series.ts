/**
 * The cumulative state of every k6 series (metric × tag set) since the test
 * started. Batches bring deltas (counters add, trends merge); remote write
 * wants the running totals, so each delta is merged into a live sink kept
 * here. Series touched since the last push are marked, so a push sends only
 * what changed (as k6 does); every series ever seen is remembered for the
 * stale markers at the end. k6 tag sets that become the same Prometheus
 * label set (a tag with an empty value, names that sanitise alike) are
 * combined here, since two points with one label set and one timestamp
 * would make Prometheus refuse the whole request. Memory grows with the
 * number of series, never with the number of samples.
 */
import { createSink, tagKey, type LiveSink, type SeriesState, type Tags } from '../../metrics/index.ts';
import { normalizeTags } from './naming.ts';

export interface CumulativeSeries {
  metric: string;
  /** the tags as Prometheus labels them (normalizeTags) */
  tags: Tags;
  /** everything recorded for this series since the start */
  sink: LiveSink;
}

const KEY_SEPARATOR = '\u001d';

export class SeriesTable {
  /** by metric and normalised tags: k6 tag sets that Prometheus cannot tell apart share one entry */
  readonly #byKey = new Map<string, CumulativeSeries>();
  /** by metric and the tags as they arrive, so a known tag set is not normalised again */
  readonly #byRawKey = new Map<string, CumulativeSeries>();
  #changed = new Set<CumulativeSeries>();

  /** Merges one batch's deltas. */
  merge(deltas: readonly SeriesState[]): void {
    for (const d of deltas) {
      const s = this.#seriesOf(d);
      if (s.sink.type !== d.sink.type) continue; // a metric cannot change type mid-run; ignore the odd delta rather than throw in write()
      s.sink.mergeState(d.sink);
      this.#changed.add(s);
    }
  }

  #seriesOf(d: SeriesState): CumulativeSeries {
    const rawKey = d.metric + KEY_SEPARATOR + tagKey(d.tags);
    let s = this.#byRawKey.get(rawKey);
    if (s !== undefined) return s;
    const tags = normalizeTags(d.tags);
    const key = d.metric + KEY_SEPARATOR + tagKey(tags);
    s = this.#byKey.get(key);
    if (s === undefined) {
      s = { metric: d.metric, tags, sink: createSink(d.sink.type) };
      this.#byKey.set(key, s);
    }
    this.#byRawKey.set(rawKey, s);
    return s;
  }

  /** The series changed since the last call, and forgets the marks. */
  takeChanged(): CumulativeSeries[] {
    const out = [...this.#changed];
    this.#changed = new Set();
    return out;
  }

  /** Every series seen so far. */
  all(): IterableIterator<CumulativeSeries> {
    return this.#byKey.values();
  }

  get size(): number {
    return this.#byKey.size;
  }
}
