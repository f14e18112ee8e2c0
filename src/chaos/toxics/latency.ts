/**
 * latency: each chunk leaves `latency` ± `jitter` ms after it arrived.
 * Counting from the arrival (not from the previous chunk's departure) keeps
 * a stream's throughput; chunks still leave in order.
 */
import { attr, type Next, type Toxic } from './toxic.ts';
import { Waits } from './waits.ts';

/** The delay of one chunk: latency plus a uniform jitter in [-jitter, jitter], never negative. */
export function chunkDelay(latency: number, jitter: number, random: () => number = Math.random): number {
  const d = jitter > 0 ? latency + (random() * 2 - 1) * jitter : latency;
  return d > 0 ? d : 0;
}

export class LatencyToxic implements Toxic {
  #latency = 0;
  #jitter = 0;
  #waits = new Waits();

  constructor(attributes: Record<string, number>) {
    this.update(attributes);
  }

  async pass(chunk: Buffer, arrived: number, next: Next): Promise<void> {
    const due = arrived + chunkDelay(this.#latency, this.#jitter);
    await this.#waits.sleep(due - performance.now());
    await next(chunk, arrived);
  }

  update(attributes: Record<string, number>): void {
    this.#latency = attr(attributes, 'latency');
    this.#jitter = attr(attributes, 'jitter');
  }

  stop(): void {
    this.#waits.stop();
  }
}
