/**
 * `--out influxdb=http://host:8086/db`: every sample as one line of InfluxDB
 * line protocol (k6's schema, see line-protocol.ts), written every
 * K6_INFLUXDB_PUSH_INTERVAL with up to K6_INFLUXDB_CONCURRENT_WRITES
 * requests in flight, through the shared PushQueue (one queue item per
 * line, so its `dropped` counts samples). InfluxDB v1 gets its database
 * created at the start; when InfluxDB cannot be reached then, the error is
 * logged and the run goes on: writes retry with backoff and, past the
 * buffer, drop the oldest lines and count them. A database that appears
 * missing later (InfluxDB was down at the start) is created on the next
 * write. Lines InfluxDB refuses for good (a 4xx) are dropped, not retried.
 */
import { PushQueue, RefusedBatchError } from '../push-queue.ts';
import type { Output, OutputBatch, OutputContext, OutputStats } from '../types.ts';
import { InfluxClient } from './client.ts';
import { describeConfig, parseInfluxConfig, type InfluxConfig } from './config.ts';
import { LineEncoder } from './line-protocol.ts';

/** How long stop() keeps flushing a healthy backend, and a failing one. */
const STOP_DEADLINE_MS = 5_000;
const STOP_DEADLINE_FAILING_MS = 1_000;
/** Retry delays: short enough that writes resume within ~2 s of InfluxDB coming back. */
const BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 2_000;

class InfluxdbOutput implements Output {
  readonly needsPoints = true;
  readonly description: string;
  readonly #config: InfluxConfig;
  readonly #ctx: OutputContext;
  readonly #client: InfluxClient;
  readonly #encoder: LineEncoder;
  readonly #queue: PushQueue<string>;
  /** samples line protocol cannot carry (a NaN value): never queued */
  #unwritable = 0;
  #refusedLogged = false;
  #lastError: string | undefined;

  constructor(config: InfluxConfig, ctx: OutputContext) {
    this.#config = config;
    this.#ctx = ctx;
    this.description = describeConfig(config);
    this.#client = new InfluxClient(config);
    this.#encoder = new LineEncoder(config);
    this.#queue = new PushQueue<string>({
      send: (lines) => this.#send(lines),
      intervalMs: config.pushIntervalMs,
      batchSize: config.batchSize,
      maxBuffered: config.maxBuffered,
      concurrency: config.concurrentWrites,
      backoffMs: BACKOFF_MS,
      maxBackoffMs: MAX_BACKOFF_MS,
      onError: (err) => {
        ctx.log('warn', `output ${this.description}: writes fail, retrying with backoff (samples beyond ${config.maxBuffered} buffered are dropped): ${err.message}`);
      },
      onRecover: () => {
        ctx.log('info', `output ${this.description}: writes work again`);
      },
      onRefused: (err) => {
        if (this.#refusedLogged) return;
        this.#refusedLogged = true;
        ctx.log('error', `output ${this.description}: InfluxDB refused ${err.refused} lines (not retried): ${err.message}`);
      },
    });
  }

  async start(): Promise<void> {
    if (this.#config.version === 1) {
      try {
        await this.#client.createDatabase();
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        this.#ctx.log('error', `output ${this.description}: couldn't create database ${JSON.stringify(this.#config.db)}: ${reason}; the test goes on and writes will be retried`);
      }
    }
    this.#queue.start();
  }

  write(batch: OutputBatch): void {
    if (batch.points.length === 0) return;
    const lines: string[] = [];
    for (const p of batch.points) {
      const line = this.#encoder.encode(p, batch.time);
      if (line === undefined) this.#unwritable++;
      else lines.push(line);
    }
    this.#queue.push(lines);
  }

  async #send(lines: string[]): Promise<void> {
    const outcome = await this.#client.write(lines);
    switch (outcome.kind) {
      case 'ok':
        return;
      case 'missing-database':
        this.#lastError = outcome.error;
        // InfluxDB was away when the run started: create the database now, then retry the batch
        await this.#client.createDatabase().catch(() => {});
        throw new Error(outcome.error);
      case 'retry':
        this.#lastError = outcome.error;
        throw new Error(outcome.error);
      case 'rejected':
        // lines InfluxDB will never take: dropped, not retried
        this.#lastError = outcome.error;
        throw new RefusedBatchError(outcome.error, outcome.lines);
    }
  }

  async stop(): Promise<void> {
    await this.#queue.stop(this.#queue.failing ? STOP_DEADLINE_FAILING_MS : STOP_DEADLINE_MS);
    await this.#client.close();
  }

  stats(): OutputStats {
    return {
      sent: this.#queue.sent,
      dropped: this.#queue.dropped + this.#unwritable,
      lastError: this.#lastError,
    };
  }
}

export function createInfluxdbOutput(ctx: OutputContext): Output {
  return new InfluxdbOutput(parseInfluxConfig(ctx.arg, ctx.env), ctx);
}
