/**
 * `--out json=file[.gz]`: k6's NDJSON. Each metric is announced once with a
 * `Metric` line before its first `Point` line; points carry RFC 3339
 * timestamps (nanosecond field, millisecond precision), their tags and,
 * when the sample has any, its metadata (`data.metadata`). A
 * name ending in `.gz` is gzip-compressed (K6_JSON_FILENAME, or
 * STAMPEDE_JSON_FILENAME, names it when `--out json` has none). Lines are
 * written per batch. When the run ends, one `Exemplar` line per request
 * kept in a name's slowest or failed list (metrics/exemplars.ts) follows:
 * k6's readers pick lines by `type` and pass over it.
 */
import { ConfigError } from '../../errors/index.ts';
import { ExemplarKeeper, type Exemplar, type ExemplarReport, type MetricDefinition, type RawPoint } from '../../metrics/index.ts';
import { openOutputFile, type OutputFile } from '../file-sink.ts';
import { readSettings, type Schema } from '../settings.ts';
import type { Output, OutputBatch, OutputContext, OutputStats } from '../types.ts';

/** The microseconds within the millisecond (0-999): a wall-clock double holds no finer digits. */
export function subMillisecondMicros(ms: number): number {
  return Math.min(999, Math.round((ms - Math.floor(ms)) * 1000));
}

/** RFC 3339 with a 9-digit fraction as in k6's JSON; precision is the microsecond. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // 2026-11-29T14:12:49.123Z
  return `${iso.slice(0, 23)}${String(subMillisecondMicros(ms)).padStart(3, '0')}000Z`;
}

export function metricLine(def: MetricDefinition, thresholds: readonly string[]): string {
  return JSON.stringify({
    type: 'Metric',
    data: { name: def.name, type: def.type, contains: def.contains, thresholds, submetrics: null },
    metric: def.name,
  });
}

/** A Point line; `data.metadata` (k6's sample metadata, e.g. `trace_id`) only when the sample has some, as in k6. */
export function pointLine(p: RawPoint): string {
  const metadata = p.metadata === undefined ? '' : `,"metadata":${JSON.stringify(p.metadata)}`;
  return `{"type":"Point","data":{"time":${JSON.stringify(rfc3339Nano(p.time))},"value":${Number.isFinite(p.value) ? p.value : 0},"tags":${JSON.stringify(p.tags)}${metadata}},"metric":${JSON.stringify(p.metric)}}`;
}

/** The Exemplar lines of a run's lists: `list` says which, `rank` the place in it (1 = slowest, or first sampled). */
export function exemplarLines(report: ExemplarReport): string {
  let text = '';
  const line = (list: 'slowest' | 'failed', rank: number, failedSeen: number, ex: Exemplar) => {
    const { sampleKey: _key, time, ...rest } = ex;
    text += `${JSON.stringify({ type: 'Exemplar', data: { list, rank, failedSeen, ...rest, time: rfc3339Nano(time) }, metric: 'http_req_duration' })}\n`;
  };
  for (const g of report.groups) {
    g.slowest.forEach((ex, i) => line('slowest', i + 1, g.failedSeen, ex));
    g.failed.forEach((ex, i) => line('failed', i + 1, g.failedSeen, ex));
  }
  return text;
}

const SETTINGS = {
  file: { arg: true, env: 'JSON_FILENAME', type: 'string' },
} satisfies Schema;

class JsonOutput implements Output {
  readonly needsPoints = true;
  readonly description: string;
  readonly #path: string;
  readonly #ctx: OutputContext;
  readonly #announced = new Set<string>();
  #file: OutputFile | undefined;
  #written = 0;
  /** the run's exemplar lists, from the batches' deltas: written once, at the end */
  readonly #exemplars: ExemplarKeeper;

  constructor(ctx: OutputContext) {
    const { file } = readSettings(SETTINGS, { env: ctx.env, out: { name: 'json', arg: ctx.arg } }, []).values;
    if (file === undefined) throw new ConfigError(['--out json: a file name is required'], 'use --out json=results.json (or results.json.gz)');
    this.#path = file;
    this.#ctx = ctx;
    this.description = `json (${file})`;
    this.#exemplars = new ExemplarKeeper({ perName: ctx.exemplarsPerName });
  }

  async start(): Promise<void> {
    this.#file = await openOutputFile(this.#path, '--out json');
  }

  write(batch: OutputBatch): void {
    if (batch.exemplars !== undefined) this.#exemplars.merge(batch.exemplars);
    if (batch.points.length === 0 || !this.#file) return;
    let text = '';
    for (const p of batch.points) {
      if (!this.#announced.has(p.metric)) {
        this.#announced.add(p.metric);
        const def = batch.definitions.get(p.metric) ?? { name: p.metric, type: 'counter', contains: 'default' };
        text += `${metricLine(def, this.#ctx.thresholds[p.metric] ?? [])}\n`;
      }
      text += `${pointLine(p)}\n`;
    }
    this.#written += batch.points.length;
    this.#file.write(text);
  }

  async stop(): Promise<void> {
    const exemplars = exemplarLines(this.#exemplars.report());
    if (exemplars !== '') this.#file?.write(exemplars);
    await this.#file?.close();
  }

  stats(): OutputStats {
    // a failed file keeps no promise about what reached it: every sample counts as dropped
    const failed = this.#file?.failed ?? false;
    return { sent: failed ? 0 : this.#written, dropped: failed ? this.#written : 0, lastError: this.#file?.error };
  }
}

export function createJsonOutput(ctx: OutputContext): Output {
  return new JsonOutput(ctx);
}
