/**
 * The outputs of one run behind one face: started together, fed every
 * merged batch, stopped together. A failing output is logged and keeps its
 * own numbers; it never stops the test or the other outputs.
 */
import type { MetricBatch, MetricDefinition } from '../metrics/index.ts';
import { loadOutputFactory } from './registry.ts';
import type { Output, OutputContext, OutputSpec, OutputStats } from './types.ts';

export interface OutputReport extends OutputStats {
  /** `name (arg)` as printed at the start */
  description: string;
}

export class OutputSet {
  readonly #outputs: Output[];
  readonly #definitions = new Map<string, MetricDefinition>();
  readonly #log: OutputContext['log'];

  private constructor(outputs: Output[], log: OutputContext['log']) {
    this.#outputs = outputs;
    this.#log = log;
  }

  /** Creates and starts every output; a bad argument or an unreachable file rejects with the output named. */
  static async create(specs: readonly OutputSpec[], ctx: Omit<OutputContext, 'arg'>): Promise<OutputSet> {
    const outputs: Output[] = [];
    try {
      for (const spec of specs) {
        const factory = await loadOutputFactory(spec.name);
        const out = await factory({ ...ctx, arg: spec.arg });
        outputs.push(out);
        await out.start();
      }
    } catch (err) {
      await Promise.all(outputs.map((o) => o.stop().catch(() => {})));
      throw err;
    }
    return new OutputSet(outputs, ctx.log);
  }

  static empty(): OutputSet {
    return new OutputSet([], () => {});
  }

  get size(): number {
    return this.#outputs.length;
  }

  /** true when some output needs every raw sample (the workers then forward points) */
  get needsPoints(): boolean {
    return this.#outputs.some((o) => o.needsPoints);
  }

  get descriptions(): string[] {
    return this.#outputs.map((o) => o.description);
  }

  /** Hands a merged batch to every output. */
  write(batch: MetricBatch): void {
    if (this.#outputs.length === 0) return;
    for (const d of batch.definitions) if (!this.#definitions.has(d.name)) this.#definitions.set(d.name, d);
    const view = { definitions: this.#definitions, points: batch.points ?? [], series: batch.series, exemplars: batch.exemplars, time: batch.time };
    for (const o of this.#outputs) {
      try {
        o.write(view);
      } catch (err) {
        this.#log('error', `output ${o.description} failed to take samples: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  #stopped: Promise<OutputReport[]> | undefined;

  /** Stops every output (each flushes within its own deadline) and reports how each fared; later calls get the same reports. */
  stop(): Promise<OutputReport[]> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  async #stop(): Promise<OutputReport[]> {
    await Promise.all(this.#outputs.map((o) => o.stop().catch((err: unknown) => {
      this.#log('error', `output ${o.description} failed to stop: ${err instanceof Error ? err.message : String(err)}`);
    })));
    return this.#outputs.map((o) => ({ description: o.description, ...o.stats() }));
  }
}
