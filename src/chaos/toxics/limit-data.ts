/**
 * limit_data: passes the first `bytes` bytes (counted from when the toxic
 * met the connection), then closes the connection with a FIN, so the
 * receiver gets exactly that many bytes. Later data is dropped.
 */
import { attr, type LinkControl, type Next, type Toxic } from './toxic.ts';

/** How many bytes of a `chunk`-byte chunk still go through when `passed` of `limit` have. */
export function bytesAllowed(limit: number, passed: number, chunk: number): number {
  return Math.max(0, Math.min(chunk, limit - passed));
}

export class LimitDataToxic implements Toxic {
  #limit = 0;
  #passed = 0;
  #done = false;
  #control: LinkControl;

  constructor(attributes: Record<string, number>, control: LinkControl) {
    this.#control = control;
    this.update(attributes);
  }

  async pass(chunk: Buffer, arrived: number, next: Next): Promise<void> {
    if (this.#done) return;
    const n = bytesAllowed(this.#limit, this.#passed, chunk.length);
    this.#passed += n;
    if (n > 0) await next(n === chunk.length ? chunk : chunk.subarray(0, n), arrived);
    if (this.#passed >= this.#limit) {
      this.#done = true;
      this.#control.close();
    }
  }

  update(attributes: Record<string, number>): void {
    this.#limit = attr(attributes, 'bytes');
  }

  stop(): void {
    this.#done = true;
  }
}
