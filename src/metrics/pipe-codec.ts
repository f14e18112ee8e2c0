/**
 * The numbers a worker's batch carries its series in (Batcher.cutForPipe
 * writes them, TagSetTable.resolve reads them): one Float64Array per batch
 * instead of an object per series, so posting thousands of series to the
 * main thread clones one array, not a property name and a metric name per
 * series. Per series: the metric's index in the batch's `metrics`, the
 * tag-set number, the sink's type code, then the sink's numbers:
 *
 *   counter  sum, count
 *   gauge    last, min, max, lastTime, count, first, firstTime
 *   rate     trues, total
 *   trend    count, sum, min, max, zeros, n, then n (bucket key, count) pairs
 */
import type { HistogramState, MetricType, SinkState } from './types.ts';

const TYPE_CODES: Readonly<Record<MetricType, number>> = { counter: 0, gauge: 1, rate: 2, trend: 3 };
const HEAD = 3;

/** Writes series into one growing buffer; `take()` hands out what was written. */
export class SeriesPacker {
  #buf = new Float64Array(4096);
  #len = 0;

  /** Appends one series. */
  series(metricIndex: number, tagSet: number, sink: SinkState): void {
    switch (sink.type) {
      case 'counter':
        this.#room(HEAD + 2);
        this.#head(metricIndex, tagSet, sink.type);
        this.#put(sink.sum); this.#put(sink.count);
        return;
      case 'gauge':
        this.#room(HEAD + 7);
        this.#head(metricIndex, tagSet, sink.type);
        this.#put(sink.last); this.#put(sink.min); this.#put(sink.max); this.#put(sink.lastTime);
        this.#put(sink.count); this.#put(sink.first); this.#put(sink.firstTime);
        return;
      case 'rate':
        this.#room(HEAD + 2);
        this.#head(metricIndex, tagSet, sink.type);
        this.#put(sink.trues); this.#put(sink.total);
        return;
      case 'trend': {
        const h = sink.hist;
        this.#room(HEAD + 6 + h.buckets.length);
        this.#head(metricIndex, tagSet, sink.type);
        this.#put(h.count); this.#put(h.sum); this.#put(h.min); this.#put(h.max); this.#put(h.zeros);
        this.#put(h.buckets.length / 2);
        for (let i = 0; i < h.buckets.length; i++) this.#put(h.buckets[i]);
      }
    }
  }

  /** The numbers written since the last take, in an array of their own; the packer starts again empty (its buffer kept). */
  take(): Float64Array {
    const out = this.#buf.slice(0, this.#len);
    this.#len = 0;
    return out;
  }

  #head(metricIndex: number, tagSet: number, type: MetricType): void {
    this.#put(metricIndex);
    this.#put(tagSet);
    this.#put(TYPE_CODES[type]);
  }

  #put(n: number): void {
    this.#buf[this.#len++] = n;
  }

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const next = new Float64Array(Math.max(this.#buf.length * 2, this.#len + n));
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }
}

/** Calls `visit` for each series packed in `packed`, in order; throws on numbers that are not a packed series. */
export function unpackSeries(packed: Float64Array, visit: (metricIndex: number, tagSet: number, sink: SinkState) => void): void {
  const cutShort = () => new Error(`packed series: the last series is cut short (${packed.length} numbers)`);
  let i = 0;
  while (i < packed.length) {
    if (i + HEAD > packed.length) throw cutShort();
    const metricIndex = packed[i];
    const tagSet = packed[i + 1];
    const code = packed[i + 2];
    i += HEAD;
    let sink: SinkState;
    if (code === 0) {
      sink = { type: 'counter', sum: packed[i], count: packed[i + 1] };
      i += 2;
    } else if (code === 1) {
      sink = { type: 'gauge', last: packed[i], min: packed[i + 1], max: packed[i + 2], lastTime: packed[i + 3], count: packed[i + 4], first: packed[i + 5], firstTime: packed[i + 6] };
      i += 7;
    } else if (code === 2) {
      sink = { type: 'rate', trues: packed[i], total: packed[i + 1] };
      i += 2;
    } else if (code === 3) {
      if (i + 6 > packed.length) throw cutShort();
      const n = packed[i + 5];
      if (!Number.isInteger(n) || n < 0 || i + 6 + 2 * n > packed.length) throw cutShort();
      const buckets: number[] = new Array(2 * n);
      for (let k = 0; k < 2 * n; k++) buckets[k] = packed[i + 6 + k];
      const hist: HistogramState = { count: packed[i], sum: packed[i + 1], min: packed[i + 2], max: packed[i + 3], zeros: packed[i + 4], buckets };
      sink = { type: 'trend', hist };
      i += 6 + 2 * n;
    } else {
      throw new Error(`packed series: unknown sink type code ${code} at ${i - HEAD}`);
    }
    if (i > packed.length) throw cutShort();
    visit(metricIndex, tagSet, sink);
  }
}
