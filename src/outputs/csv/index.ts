/**
 * `--out csv=file[.gz]`: k6's CSV. Columns: metric_name, timestamp,
 * metric_value, one column per enabled system tag (sorted, as k6 does),
 * extra_tags (the other tags as `k=v&k2=v2`) and metadata (the sample's
 * metadata, e.g. `trace_id=…`, written the same way). Rows are
 * flushed every K6_CSV_SAVE_INTERVAL (default 1s); K6_CSV_TIME_FORMAT picks
 * the timestamp (unix, unix_milli, unix_micro, unix_nano, rfc3339,
 * rfc3339_nano); K6_CSV_FILENAME names the file when `--out csv` has none
 * (each also as STAMPEDE_CSV_*, read by ../settings.ts).
 */
import { ConfigError } from '../../errors/index.ts';
import type { RawPoint } from '../../metrics/index.ts';
import { openOutputFile, type OutputFile } from '../file-sink.ts';
import { oneOf, readSettings, type Schema } from '../settings.ts';
import { rfc3339Nano, subMillisecondMicros } from '../json/index.ts';
import type { Output, OutputBatch, OutputContext, OutputStats } from '../types.ts';

/** System tags that never get a column (k6 writes vu/iter/ip/ocsp_status into extra_tags when enabled). */
const NOT_COLUMNS = new Set(['vu', 'iter', 'ip', 'ocsp_status']);

const TIME_FORMATS = ['unix', 'unix_milli', 'unix_micro', 'unix_nano', 'rfc3339', 'rfc3339_nano'] as const;
type TimeFormat = typeof TIME_FORMATS[number];

const SETTINGS = {
  file: { arg: true, env: 'CSV_FILENAME', type: 'string', default: 'file.csv' },
  timeFormat: { env: 'CSV_TIME_FORMAT', type: oneOf<TimeFormat>('time format', Object.fromEntries(TIME_FORMATS.map((f) => [f, f]))), default: 'unix' },
  saveIntervalMs: { env: 'CSV_SAVE_INTERVAL', type: 'duration', default: 1000 },
} satisfies Schema;

export function formatTime(ms: number, format: TimeFormat): string {
  switch (format) {
    case 'unix': return String(Math.floor(ms / 1000));
    case 'unix_milli': return String(Math.floor(ms));
    case 'unix_micro': return `${Math.floor(ms)}${String(subMillisecondMicros(ms)).padStart(3, '0')}`;
    case 'unix_nano': return `${Math.floor(ms)}${String(subMillisecondMicros(ms)).padStart(3, '0')}000`;
    case 'rfc3339': return `${new Date(Math.floor(ms)).toISOString().slice(0, 19)}Z`;
    case 'rfc3339_nano': return rfc3339Nano(ms);
  }
}

/** RFC 4180 quoting, only where needed. */
function cell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function csvHeader(columns: readonly string[]): string {
  return ['metric_name', 'timestamp', 'metric_value', ...columns, 'extra_tags', 'metadata'].join(',');
}

export function csvRow(p: RawPoint, columns: readonly string[], columnSet: ReadonlySet<string>, format: TimeFormat): string {
  let row = `${cell(p.metric)},${formatTime(p.time, format)},${p.value.toFixed(6)}`;
  for (const c of columns) row += `,${cell(p.tags[c] ?? '')}`;
  let extra = '';
  for (const k in p.tags) {
    if (columnSet.has(k)) continue;
    extra += `${extra === '' ? '' : '&'}${k}=${p.tags[k]}`;
  }
  // metadata (e.g. trace_id) is written as extra_tags are: k=v pairs joined with &
  let metadata = '';
  const md = p.metadata;
  if (md !== undefined) for (const k in md) metadata += `${metadata === '' ? '' : '&'}${k}=${md[k]}`;
  return `${row},${cell(extra)},${cell(metadata)}`;
}

class CsvOutput implements Output {
  readonly needsPoints = true;
  readonly description: string;
  readonly #path: string;
  readonly #columns: string[];
  readonly #columnSet: Set<string>;
  readonly #format: TimeFormat;
  readonly #intervalMs: number;
  #file: OutputFile | undefined;
  #rows: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #written = 0;

  constructor(ctx: OutputContext) {
    const problems: string[] = [];
    const { values: s } = readSettings(SETTINGS, { env: ctx.env, out: { name: 'csv', arg: ctx.arg } }, problems);
    if (problems.length > 0) throw new ConfigError(problems);
    this.#path = s.file;
    this.#format = s.timeFormat;
    this.#intervalMs = s.saveIntervalMs;
    this.#columns = ctx.systemTags.filter((t) => !NOT_COLUMNS.has(t)).sort();
    this.#columnSet = new Set(this.#columns);
    this.description = `csv (${s.file})`;
  }

  async start(): Promise<void> {
    this.#file = await openOutputFile(this.#path, '--out csv');
    this.#file.write(`${csvHeader(this.#columns)}\n`);
    this.#timer = setInterval(() => this.#flush(), this.#intervalMs);
    this.#timer.unref();
  }

  write(batch: OutputBatch): void {
    for (const p of batch.points) this.#rows.push(csvRow(p, this.#columns, this.#columnSet, this.#format));
  }

  #flush(): void {
    if (this.#rows.length === 0 || !this.#file) return;
    this.#file.write(`${this.#rows.join('\n')}\n`);
    this.#written += this.#rows.length;
    this.#rows = [];
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#flush();
    await this.#file?.close();
  }

  stats(): OutputStats {
    // a failed file keeps no promise about what reached it: every row counts as dropped
    const failed = this.#file?.failed ?? false;
    return { sent: failed ? 0 : this.#written, dropped: failed ? this.#written : 0, lastError: this.#file?.error };
  }
}

export function createCsvOutput(ctx: OutputContext): Output {
  return new CsvOutput(ctx);
}
