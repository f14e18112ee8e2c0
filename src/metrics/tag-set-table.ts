/**
 * The main thread's side of a worker's pipe form (Batcher.cutForPipe): one
 * table per worker, which unpacks the worker's PipeBatch into a MetricBatch
 * whose series carry the same tags object every batch.
 */
import { unpackSeries } from './pipe-codec.ts';
import type { MetricBatch, PipeBatch, SeriesState, Tags } from './types.ts';

export class TagSetTable {
  readonly #tags = new Map<number, Tags>();

  /** The batch with each series' metric name and tags; throws when a series names a tag set the worker never sent. */
  resolve(batch: PipeBatch): MetricBatch {
    for (const [id, tags] of batch.tagSets) this.#tags.set(id, tags);
    const series: SeriesState[] = [];
    unpackSeries(batch.series, (metricIndex, tagSet, sink) => {
      const metric = batch.metrics[metricIndex];
      const tags = this.#tags.get(tagSet);
      if (tags === undefined) throw new Error(`metric "${metric}": tag set #${tagSet} was never sent by its worker`);
      series.push({ metric, tags, sink });
    });
    for (const id of batch.droppedTagSets) this.#tags.delete(id);
    const out: MetricBatch = { definitions: batch.definitions, series, time: batch.time };
    if (batch.points !== undefined) out.points = batch.points;
    if (batch.exemplars !== undefined) out.exemplars = batch.exemplars;
    return out;
  }

  /** How many tag sets the table holds (the worker's live ones). */
  get size(): number {
    return this.#tags.size;
  }
}
