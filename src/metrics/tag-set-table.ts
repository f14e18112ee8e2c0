/**
 * The main thread's side of a worker's tag-set numbers (Batcher.cutForPipe):
 * one table per worker, which turns the worker's PipeBatch back into a
 * MetricBatch whose series carry the same tags object every batch.
 */
import type { MetricBatch, PipeBatch, SeriesState, Tags } from './types.ts';

export class TagSetTable {
  readonly #tags = new Map<number, Tags>();

  /** The batch with each series' tags; throws when a series names a tag set the worker never sent. */
  resolve(batch: PipeBatch): MetricBatch {
    for (const [id, tags] of batch.tagSets) this.#tags.set(id, tags);
    const series: SeriesState[] = new Array(batch.series.length);
    for (let i = 0; i < series.length; i++) {
      const s = batch.series[i];
      const tags = this.#tags.get(s.tagSet);
      if (tags === undefined) throw new Error(`metric "${s.metric}": tag set #${s.tagSet} was never sent by its worker`);
      series[i] = { metric: s.metric, tags, sink: s.sink };
    }
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
