/**
 * Wraps the OTLP exporter to keep the output's numbers: every export's
 * data points count as sent when the exporter reports success and as
 * dropped when it reports failure (after the exporter's own retries), so a
 * collector that is down costs a number in the summary, never the test.
 * The first failure of a streak is reported once; exports still in flight
 * when the output gives up at stop count as dropped.
 */
import { AggregationTemporality, AggregationType } from '@opentelemetry/sdk-metrics';
import type { AggregationOption, InstrumentType, PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';

type ExportCallback = Parameters<PushMetricExporter['export']>[1];
type ExportResult = Parameters<ExportCallback>[0];

/** @opentelemetry/core's ExportResultCode.SUCCESS */
const SUCCESS = 0;

export interface AccountingHooks {
  /** the first failed export after a success (or the start) */
  onFailure(error: string): void;
  /** the first successful export after a failure streak */
  onRecover(): void;
}

/** How many data points an export carries (a histogram point counts once, whatever its count). */
export function dataPointsOf(metrics: ResourceMetrics): number {
  let n = 0;
  for (const scope of metrics.scopeMetrics) for (const m of scope.metrics) n += m.dataPoints.length;
  return n;
}

function errorText(result: ExportResult): string {
  const e = result.error;
  if (!e) return 'export failed';
  // grpc-js ends its messages with an empty "Resolution note: "
  return (e.message || e.name || String(e)).replace(/\s*Resolution note:\s*$/, '').trim();
}

interface InFlight {
  points: number;
  settled: boolean;
}

export class CountingExporter implements PushMetricExporter {
  readonly #inner: PushMetricExporter;
  readonly #hooks: AccountingHooks;
  readonly #inFlight = new Set<InFlight>();
  #failing = false;
  sent = 0;
  dropped = 0;
  lastError: string | undefined;

  constructor(inner: PushMetricExporter, hooks: AccountingHooks) {
    this.#inner = inner;
    this.#hooks = hooks;
  }

  export(metrics: ResourceMetrics, resultCallback: ExportCallback): void {
    const job: InFlight = { points: dataPointsOf(metrics), settled: false };
    this.#inFlight.add(job);
    const settle = (result: ExportResult) => {
      this.#inFlight.delete(job);
      if (!job.settled) {
        job.settled = true;
        if (result.code === SUCCESS) this.#succeeded(job.points);
        else this.#failed(job.points, errorText(result));
      }
      resultCallback(result);
    };
    try {
      this.#inner.export(metrics, settle);
    } catch (err) {
      settle({ code: 1, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }

  /** Counts exports that have not answered yet as dropped (the output stopped waiting for them). */
  abandonInFlight(reason: string): void {
    for (const job of this.#inFlight) {
      if (job.settled) continue;
      job.settled = true;
      this.dropped += job.points;
      this.lastError ??= reason;
    }
    this.#inFlight.clear();
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  #succeeded(points: number): void {
    this.sent += points;
    if (this.#failing) {
      this.#failing = false;
      this.#hooks.onRecover();
    }
  }

  #failed(points: number, error: string): void {
    this.dropped += points;
    this.lastError = error;
    if (!this.#failing) {
      this.#failing = true;
      this.#hooks.onFailure(error);
    }
  }

  forceFlush(): Promise<void> {
    return this.#inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.#inner.shutdown();
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    // the OTLP exporters always answer (their temporality preference); cumulative is the spec's default
    return this.#inner.selectAggregationTemporality?.(instrumentType) ?? AggregationTemporality.CUMULATIVE;
  }

  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return this.#inner.selectAggregation?.(instrumentType) ?? { type: AggregationType.DEFAULT };
  }
}
