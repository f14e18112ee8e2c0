/**
 * bandwidth: at most `rate` KB/s (Toxiproxy's KB: 1,000 bytes, so the rate
 * is also bytes per ms). Big chunks go in pieces of 100 ms worth; each
 * piece leaves when the link would have finished sending it, on an
 * absolute schedule so timer lateness does not add up. Rate 0: no limit.
 */
import { attr, type Next, type Toxic } from './toxic.ts';
import { Waits } from './waits.ts';

/** Bytes per piece: 100 ms of data at `rate` KB/s, at least 1. */
export function pieceSize(rate: number): number {
  return Math.max(1, Math.floor(rate * 100));
}

/** When a piece of `bytes` may leave: after the previous one (or now, if the link was idle) plus its send time. */
export function nextDeparture(previous: number, now: number, bytes: number, rate: number): number {
  return Math.max(previous, now) + bytes / rate;
}

export class BandwidthToxic implements Toxic {
  #rate = 0;
  #departed = 0;
  #waits = new Waits();

  constructor(attributes: Record<string, number>) {
    this.update(attributes);
  }

  async pass(chunk: Buffer, arrived: number, next: Next): Promise<void> {
    for (let off = 0; off < chunk.length;) {
      const rate = this.#rate;
      if (!(rate > 0) || this.#waits.stopped) {
        await next(off === 0 ? chunk : chunk.subarray(off), arrived);
        return;
      }
      const piece = chunk.subarray(off, off + pieceSize(rate));
      off += piece.length;
      this.#departed = nextDeparture(this.#departed, performance.now(), piece.length, rate);
      await this.#waits.sleep(this.#departed - performance.now());
      await next(piece, arrived);
    }
  }

  update(attributes: Record<string, number>): void {
    this.#rate = attr(attributes, 'rate');
  }

  stop(): void {
    this.#waits.stop();
  }
}
