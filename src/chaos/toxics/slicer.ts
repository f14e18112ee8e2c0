/**
 * slicer: each chunk goes on as slices of `average_size` ± `size_variation`
 * bytes with `delay` µs between them. Sub-millisecond delays add up on an
 * absolute schedule (timers have 1 ms resolution), yielding between slices
 * so each slice is its own write. average_size 0: chunks pass whole.
 */
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { attr, type Next, type Toxic } from './toxic.ts';
import { Waits } from './waits.ts';

/** Sizes of the slices of a `total`-byte chunk: each avg ± variation (≥ 1), the last one what is left. */
export function sliceSizes(total: number, average: number, variation: number, random: () => number = Math.random): number[] {
  if (!(average > 0) || total <= 0) return total > 0 ? [total] : [];
  const sizes: number[] = [];
  for (let left = total; left > 0;) {
    const want = Math.max(1, Math.round(average + (random() * 2 - 1) * variation));
    const size = Math.min(want, left);
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

export class SlicerToxic implements Toxic {
  #average = 0;
  #variation = 0;
  #delayUs = 0;
  #waits = new Waits();

  constructor(attributes: Record<string, number>) {
    this.update(attributes);
  }

  async pass(chunk: Buffer, arrived: number, next: Next): Promise<void> {
    const sizes = sliceSizes(chunk.length, this.#average, this.#variation);
    let due = performance.now();
    let off = 0;
    for (let i = 0; i < sizes.length; i++) {
      if (i > 0 && this.#delayUs > 0 && !this.#waits.stopped) {
        due += this.#delayUs / 1000;
        const wait = due - performance.now();
        if (wait >= 1) await this.#waits.sleep(wait);
        else await yieldTurn();
      }
      await next(chunk.subarray(off, off + sizes[i]), arrived);
      off += sizes[i];
    }
  }

  update(attributes: Record<string, number>): void {
    this.#average = attr(attributes, 'average_size');
    this.#variation = attr(attributes, 'size_variation');
    this.#delayUs = attr(attributes, 'delay');
  }

  stop(): void {
    this.#waits.stop();
  }
}
