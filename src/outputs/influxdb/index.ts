/**
 * `--out influxdb=http://host:8086/db`: every sample as one line of InfluxDB
 * line protocol (k6's schema, see line-protocol.ts), written every
 * K6_INFLUXDB_PUSH_INTERVAL with up to K6_INFLUXDB_CONCURRENT_WRITES
 * requests in flight, through the shared PushQueue (one queue item per
 * line, so its `dropped` counts samples). InfluxDB v1 gets its database
 * created at the start; when InfluxDB cannot be reached then, the error is
 * logged and the run goes on. An InfluxDB that does not answer (it took
 * the connection and says nothing) holds the start for START_WAIT_MS at
 * most, saying so after START_NOTICE_MS; writes retry with backoff and, past the
 * buffer, drop the oldest lines and count them. A database that appears
 * missing later (InfluxDB was down at the start) is created on the next
 * write. Lines InfluxDB refuses for good (a 4xx) are dropped, not retried.
 * Writes still unanswered when stop()'s deadline passes are abandoned and
 * counted as dropped.
 */
import { RefusedBatchError } from '../classify.ts';
import { PushQueue } from '../push-queue.ts';
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
/** How long the start waits for InfluxDB to answer CREATE DATABASE, and when it says that it waits. */
export const START_WAIT_MS = 4_000;
export const START_NOTICE_MS = 1_500;
/** How long stop() waits for abandoned writes to come back failed, so they are counted. */
const ABANDON_SETTLE_MS = 1_000;

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
  /** InfluxDB took the connection but did not answer at the start: stop() does not wait for it long */
  #unanswered = false;
  /** stop() gave up on writes in flight; their failures do not replace the reason */
  #abandoned = false;
  #stopping: Promise<void> | undefined;

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
    if (this.#config.version === 1) await this.#createDatabaseAtStart();
    this.#queue.start();
  }

  /** CREATE DATABASE, waiting START_WAIT_MS at most (and saying so when it takes a while); a failure is logged, not thrown. */
  async #createDatabaseAtStart(): Promise<void> {
    const c = this.#config as InfluxConfig & { version: 1 };
    const db = JSON.stringify(c.db);
    const seconds = (ms: number) => `${Math.max(1, Math.ceil(ms / 1000))} s`;
    const giveUp = new AbortController();
    const notice = setTimeout(() => {
      this.#ctx.log('warn', `output ${this.description}: waiting for InfluxDB at ${c.baseUrl} to answer (create database ${db}); the test starts in ${seconds(START_WAIT_MS - START_NOTICE_MS)} at most`);
    }, START_NOTICE_MS);
    const deadline = setTimeout(() => {
      giveUp.abort(new Error(`InfluxDB at ${c.baseUrl} did not answer within ${seconds(START_WAIT_MS)}`));
    }, START_WAIT_MS);
    try {
      await this.#client.createDatabase(giveUp.signal);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (giveUp.signal.aborted) {
        this.#unanswered = true;
        this.#lastError = reason;
      }
      this.#ctx.log('error', `output ${this.description}: couldn't create database ${db}: ${reason}; the test goes on and writes will be retried`);
    } finally {
      clearTimeout(notice);
      clearTimeout(deadline);
    }
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
    if (this.#abandoned) throw new Error(this.#lastError ?? 'abandoned at the end of the test');
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
      case 'refused':
        // lines InfluxDB will never take: dropped, not retried
        this.#lastError = outcome.error;
        throw new RefusedBatchError(outcome.error, outcome.lines);
    }
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const queue = this.#queue;
    await queue.stop(queue.failing || this.#unanswered ? STOP_DEADLINE_FAILING_MS : STOP_DEADLINE_MS);
    if (queue.inFlight > 0) {
      // InfluxDB has not answered these writes by the deadline: give up on them (they count as dropped)
      this.#abandoned = true;
      this.#lastError = `InfluxDB at ${this.#config.baseUrl} had not answered ${queue.inFlight} write${queue.inFlight === 1 ? '' : 's'} when the test ended`;
      await this.#client.destroy();
      await queue.settle(ABANDON_SETTLE_MS);
    }
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
