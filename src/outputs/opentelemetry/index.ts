/**
 * `--out opentelemetry` (and `experimental-opentelemetry`): k6's metrics as
 * OTLP metrics over gRPC or HTTP/protobuf, through the OpenTelemetry SDK
 * (MeterProvider + PeriodicExportingMetricReader + the OTLP exporter).
 *
 * It records from the aggregated series deltas, not raw points: counters,
 * gauges and rates become one instrument call per series per flush (exact
 * sums, last values and counts), and a trend's delta is replayed into the
 * histogram with exact count, sum, min and max (histogram-replay.ts). So
 * the workers never ship raw samples for this output, and the main thread
 * does no per-sample work except the histogram records the OTel API needs.
 * Deltas are merged per series and recorded every K6_OTEL_FLUSH_INTERVAL,
 * in slices that leave the event loop free (time-sliced.ts); the SDK
 * exports every K6_OTEL_EXPORT_INTERVAL (cumulative temporality by
 * default). Failed exports are counted as dropped, never fail the test.
 */
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import type { Attributes } from '@opentelemetry/api';
import { sinkFromState, tagKey, type LiveSink, type MetricDefinition } from '../../metrics/index.ts';
import { VERSION } from '../../lib/index.ts';
import type { Output, OutputBatch, OutputContext, OutputStats } from '../types.ts';
import { describeConfig, readOtelConfig, type OtelConfig } from './config.ts';
import { CountingExporter } from './export-accounting.ts';
import { createOtlpExporter } from './exporter.ts';
import { attributesOf, K6Instruments } from './instruments.ts';
import { runSliced } from './time-sliced.ts';

/** Series per instrument the SDK keeps before folding the rest into an overflow series (its default is 2,000). */
const CARDINALITY_LIMIT = 100_000;
/** Extra wait at stop beyond the exports' own timeouts. */
const STOP_MARGIN_MS = 500;
/** Longest stretch the flush holds the main thread. */
const SLICE_MS = 5;

interface PendingSeries {
  def: MetricDefinition;
  attrs: Attributes;
  sink: LiveSink;
}

class OpentelemetryOutput implements Output {
  readonly needsPoints = false;
  readonly description: string;
  readonly #config: OtelConfig;
  readonly #ctx: OutputContext;
  /** per export, retries included; never longer than the export interval (the reader requires it) */
  readonly #exportTimeoutMs: number;
  #pending = new Map<string, PendingSeries>();
  #provider: MeterProvider | undefined;
  #exporter: CountingExporter | undefined;
  #instruments: K6Instruments | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** the flush in progress, if any */
  #draining: Promise<void> | undefined;
  #stopped = false;
  #stopping: Promise<void> | undefined;
  #recordErrors = 0;

  constructor(ctx: OutputContext) {
    this.#config = readOtelConfig(ctx.env, VERSION);
    this.#ctx = ctx;
    this.#exportTimeoutMs = Math.min(this.#config.exportTimeoutMs, this.#config.exportIntervalMs);
    this.description = describeConfig(this.#config);
  }

  async start(): Promise<void> {
    const c = this.#config;
    for (const w of c.warnings) this.#ctx.log('warn', `opentelemetry: ${w}`);
    const otlp = await createOtlpExporter(c, this.#exportTimeoutMs);
    this.#exporter = new CountingExporter(otlp, {
      onFailure: (error) => this.#ctx.log('warn', `opentelemetry: export to ${c.endpoint} failed: ${error} (the test goes on; data points of failed exports are counted as dropped)`),
      onRecover: () => this.#ctx.log('info', `opentelemetry: exports to ${c.endpoint} work again`),
    });
    const resource = defaultResource().merge(resourceFromAttributes({
      ...c.resourceAttributes,
      'service.name': c.serviceName,
      'service.version': c.serviceVersion,
    }));
    const reader = new PeriodicExportingMetricReader({
      exporter: this.#exporter,
      exportIntervalMillis: c.exportIntervalMs,
      exportTimeoutMillis: this.#exportTimeoutMs,
      cardinalityLimits: { default: CARDINALITY_LIMIT },
    });
    this.#provider = new MeterProvider({ resource, readers: [reader] });
    this.#instruments = new K6Instruments(this.#provider.getMeter('k6'), { metricPrefix: c.metricPrefix, singleCounterForRate: c.singleCounterForRate });
    this.#timer = setInterval(() => this.#flush(), c.flushIntervalMs);
    this.#timer.unref();
  }

  write(batch: OutputBatch): void {
    if (this.#stopped) return;
    for (const s of batch.series) {
      const key = `${s.metric}\u0000${tagKey(s.tags)}`;
      const pending = this.#pending.get(key);
      if (pending) {
        pending.sink.mergeState(s.sink);
        continue;
      }
      const def = batch.definitions.get(s.metric) ?? { name: s.metric, type: s.sink.type, contains: 'default' };
      this.#pending.set(key, { def, attrs: attributesOf(s.tags), sink: sinkFromState(s.sink) });
    }
  }

  /** Records every buffered delta into the SDK's instruments, a slice at a time; a flush still running makes this one wait for the next tick. */
  #flush(): void {
    if (!this.#instruments || this.#pending.size === 0 || this.#draining) return;
    const pending = this.#pending;
    this.#pending = new Map();
    this.#draining = runSliced(this.#recordAll(this.#instruments, pending), SLICE_MS)
      .catch(() => { /* #recordAll catches per series */ })
      .finally(() => { this.#draining = undefined; });
  }

  *#recordAll(instruments: K6Instruments, pending: Map<string, PendingSeries>): Generator<void, void, undefined> {
    for (const p of pending.values()) {
      try {
        yield* instruments.recordSteps(p.def, p.attrs, p.sink.toState());
      } catch (err) {
        if (this.#recordErrors++ === 0) this.#ctx.log('error', `opentelemetry: cannot record ${p.def.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** Later calls wait for the same stop. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#draining;
    this.#flush();
    await this.#draining;
    const provider = this.#provider;
    if (!provider) return;
    // shutdown waits for an export in flight, then exports once more; each is bounded by the export timeout
    const deadlineMs = 2 * this.#exportTimeoutMs + STOP_MARGIN_MS;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = await Promise.race([
      provider.shutdown().then(() => false, () => false),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), deadlineMs); }),
    ]);
    clearTimeout(timer);
    this.#exporter?.abandonInFlight(gaveUp ? `no answer within ${deadlineMs} ms at the end of the test` : 'the export did not finish before shutdown');
  }

  stats(): OutputStats {
    const e = this.#exporter;
    return { sent: e?.sent ?? 0, dropped: e?.dropped ?? 0, lastError: e?.lastError };
  }
}

export function createOpentelemetryOutput(ctx: OutputContext): Output {
  return new OpentelemetryOutput(ctx);
}
