/**
 * `--out experimental-prometheus-rw`: k6's Prometheus remote-write output.
 * Every K6_PROMETHEUS_RW_PUSH_INTERVAL (5s) the series that changed are
 * sent with their totals since the start, one point each at the push time,
 * named as k6 names them (naming.ts) so k6's Grafana dashboards work as
 * they are. Trends go as the configured stats or, with
 * K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM, as native histograms. Sending
 * goes through the shared PushQueue (one item per time-series point), so a
 * backend that is down costs retries and a dropped count, never the test.
 * With K6_PROMETHEUS_RW_STALE_MARKERS every series ends with a stale marker.
 */
import type { MetricDefinition } from '../../metrics/index.ts';
import { RefusedBatchError } from '../classify.ts';
import { PushQueue } from '../push-queue.ts';
import type { Output, OutputBatch, OutputContext, OutputStats } from '../types.ts';
import { RemoteWriteClient } from './client.ts';
import { readConfig, type PrometheusRwConfig } from './config.ts';
import { SeriesMapper } from './mapping.ts';
import { SeriesTable, type CumulativeSeries } from './series.ts';
import { encodeWriteBody, type TimeSeriesPoint } from './write-request.ts';

/** Points per HTTP request. */
const BATCH_SIZE = 1_000;
/** Points held while the endpoint is away; older ones are dropped past this. */
const MAX_BUFFERED = 200_000;
/** How long stop() keeps trying to deliver what is buffered: healthy endpoint / failing endpoint. */
const STOP_DEADLINE_MS = 5_000;
const STOP_DEADLINE_FAILING_MS = 1_000;

class PrometheusRwOutput implements Output {
  readonly needsPoints = false;
  readonly description: string;
  readonly #config: PrometheusRwConfig;
  readonly #ctx: OutputContext;
  readonly #table = new SeriesTable();
  readonly #mapper: SeriesMapper;
  #definitions: ReadonlyMap<string, MetricDefinition> = new Map();
  #client: RemoteWriteClient | undefined;
  #queue: PushQueue<TimeSeriesPoint> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastTimestamp = 0;
  #refusalLogged = false;
  #lastError: string | undefined;
  #stopping: Promise<void> | undefined;

  constructor(ctx: OutputContext) {
    this.#config = readConfig(ctx.env, ctx.arg);
    this.#ctx = ctx;
    this.#mapper = new SeriesMapper(this.#config);
    this.description = `Prometheus remote write (${this.#config.serverUrl})`;
  }

  async start(): Promise<void> {
    this.#client = await RemoteWriteClient.create(this.#config, 'Stampede (k6-compatible) Prometheus remote write');
    this.#queue = new PushQueue<TimeSeriesPoint>({
      send: (items) => this.#send(items),
      intervalMs: Math.min(this.#config.pushIntervalMs, 250),
      batchSize: BATCH_SIZE,
      maxBuffered: MAX_BUFFERED,
      onError: (err) => {
        this.#ctx.log('warn', `output ${this.description}: ${err.message}; retrying`);
      },
      onRecover: () => {
        this.#ctx.log('info', `output ${this.description}: sending works again`);
      },
      onRefused: (err) => {
        if (this.#refusalLogged) return;
        this.#refusalLogged = true;
        this.#ctx.log('warn', `output ${this.description}: ${err.message}; those samples are dropped, not retried (they would fail again)`);
      },
    });
    this.#queue.start();
    this.#timer = setInterval(() => this.#push(), this.#config.pushIntervalMs);
    this.#timer.unref();
  }

  write(batch: OutputBatch): void {
    this.#definitions = batch.definitions;
    if (batch.series.length === 0) return;
    try {
      this.#table.merge(batch.series);
    } catch (err) {
      this.#ctx.log('error', `output ${this.description}: cannot take samples: ${(err as Error).message}`);
    }
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#push();
    if (this.#config.staleMarkers) this.#pushStaleMarkers();
    await this.#queue?.stop(this.#queue.failing ? STOP_DEADLINE_FAILING_MS : STOP_DEADLINE_MS);
    await this.#client?.close();
  }

  stats(): OutputStats {
    const q = this.#queue;
    return {
      sent: q?.sent ?? 0,
      dropped: q?.dropped ?? 0,
      lastError: q?.lastError ?? this.#lastError,
    };
  }

  /** Strictly increasing push timestamps: Prometheus refuses a second point at the same millisecond. */
  #nextTimestamp(): number {
    this.#lastTimestamp = Math.max(Date.now(), this.#lastTimestamp + 1);
    return this.#lastTimestamp;
  }

  #definitionOf(s: CumulativeSeries): MetricDefinition {
    return this.#definitions.get(s.metric) ?? { name: s.metric, type: s.sink.type, contains: 'default' };
  }

  /** Queues one point per exported series of every k6 series that changed since the last push. */
  #push(): void {
    try {
      const changed = this.#table.takeChanged();
      if (changed.length === 0 || !this.#queue) return;
      const ts = this.#nextTimestamp();
      const points: TimeSeriesPoint[] = [];
      for (const s of changed) points.push(...this.#mapper.points(s, this.#definitionOf(s), ts));
      this.#queue.push(points);
    } catch (err) {
      this.#ctx.log('error', `output ${this.description}: cannot build the time series: ${(err as Error).message}`);
    }
  }

  /** Queues a stale marker for every series ever sent, just after the last push. */
  #pushStaleMarkers(): void {
    if (!this.#queue || this.#table.size === 0) return;
    const ts = this.#nextTimestamp();
    const points: TimeSeriesPoint[] = [];
    for (const s of this.#table.all()) points.push(...this.#mapper.staleMarkers(s, this.#definitionOf(s), ts));
    this.#queue.push(points);
  }

  async #send(items: TimeSeriesPoint[]): Promise<void> {
    let body: Uint8Array;
    try {
      body = encodeWriteBody(items);
    } catch (err) {
      throw new RefusedBatchError(`cannot encode the write request: ${(err as Error).message}`);
    }
    try {
      await this.#client!.send(body);
    } catch (err) {
      // a RefusedBatchError is dropped by the queue, anything else retried
      this.#lastError = (err as Error).message;
      throw err;
    }
  }
}

export function createPrometheusRwOutput(ctx: OutputContext): Output {
  return new PrometheusRwOutput(ctx);
}
