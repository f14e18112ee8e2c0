/**
 * `--out statsd` and `--out datadog`: every raw sample as a StatsD line
 * over UDP, as k6's statsd output (now xk6-output-statsd) sent it, so
 * existing StatsD, DogStatsD and CloudWatch-agent dashboards keep working.
 * `datadog` is the same output with DogStatsD tags always on.
 *
 * Lines are packed into datagrams as batches arrive and handed to a
 * PushQueue, which sends them every K6_STATSD_PUSH_INTERVAL; a send the
 * kernel refuses is retried with backoff, and what cannot be sent is
 * dropped and counted per sample. UDP loss on the way cannot be seen.
 */
import type { MetricType } from '../../metrics/index.ts';
import { PushQueue } from '../push-queue.ts';
import type { Output, OutputBatch, OutputContext, OutputStats } from '../types.ts';
import { parseStatsdConfig, type StatsdConfig, type StatsdFlavour } from './config.ts';
import { DatagramPacker, undeliveredLines, type Datagram } from './datagram-packer.ts';
import { statsdLine, type LineOptions } from './format.ts';
import { DatagramSender, openUdpSocket, type UdpSocket } from './udp-sender.ts';

/** Most datagrams held while the agent refuses them (≤ 1432 B each: about 28 MB at worst). */
const MAX_BUFFERED_DATAGRAMS = 20_000;
/** How long stop() keeps trying to send what is buffered. */
const STOP_DEADLINE_MS = 2_000;

class StatsdOutput implements Output {
  readonly needsPoints = true;
  readonly description: string;
  readonly #ctx: OutputContext;
  readonly #config: StatsdConfig;
  readonly #lineOptions: LineOptions;
  readonly #packer: DatagramPacker;
  readonly #queue: PushQueue<Datagram>;
  #socket: UdpSocket | undefined;
  #sender: DatagramSender | undefined;
  #stopping: Promise<void> | undefined;

  constructor(ctx: OutputContext, flavour: StatsdFlavour) {
    this.#ctx = ctx;
    this.#config = parseStatsdConfig(ctx.env, ctx.arg, flavour);
    this.#lineOptions = { namespace: this.#config.namespace, enableTags: this.#config.enableTags, tagBlocklist: this.#config.tagBlocklist };
    this.#packer = new DatagramPacker(this.#config.bufferSize);
    this.description = `${flavour} (${this.#config.addr.text})`;
    this.#queue = new PushQueue<Datagram>({
      send: (batch) => this.#sender!.send(batch),
      intervalMs: this.#config.pushIntervalMs,
      // everything buffered goes at each push, as k6 flushed its whole buffer
      batchSize: MAX_BUFFERED_DATAGRAMS,
      maxBuffered: MAX_BUFFERED_DATAGRAMS,
      // only dropped counts are read from the queue; sent ones come from DatagramSender
      weight: undeliveredLines,
      onError: (err) => ctx.log('warn', `output ${this.description}: ${err.message}; retrying`),
      onRecover: () => ctx.log('info', `output ${this.description}: sending again`),
    });
  }

  async start(): Promise<void> {
    this.#socket = await openUdpSocket(this.#config.addr, (err) => this.#ctx.log('warn', `output ${this.description}: socket error: ${err.message}`));
    this.#sender = new DatagramSender(this.#socket.send);
    this.#queue.start();
  }

  write(batch: OutputBatch): void {
    if (batch.points.length === 0) return;
    for (const p of batch.points) {
      const type: MetricType = batch.definitions.get(p.metric)?.type ?? 'counter';
      this.#packer.add(statsdLine(p, type, this.#lineOptions));
    }
    this.#packer.flush();
    this.#queue.push(this.#packer.take());
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#packer.flush();
    this.#queue.push(this.#packer.take());
    await this.#queue.stop(this.#sender ? STOP_DEADLINE_MS : 0);
    await this.#socket?.close();
  }

  stats(): OutputStats {
    const oversized = this.#packer.oversized;
    return {
      sent: this.#sender?.sentLines ?? 0,
      dropped: this.#queue.dropped + oversized,
      lastError: this.#queue.lastError ?? (oversized > 0 ? `${oversized} lines were longer than a UDP datagram` : undefined),
    };
  }
}

export function createStatsdOutput(ctx: OutputContext): Output {
  return new StatsdOutput(ctx, 'statsd');
}

export function createDatadogOutput(ctx: OutputContext): Output {
  return new StatsdOutput(ctx, 'datadog');
}
