/**
 * One direction of a proxied connection: bytes read from `src` are written
 * to `dst`. With no toxic on this direction a chunk is written as it comes
 * and `src` pauses while `dst` is full (what `pipe` does, nothing more per
 * chunk). While toxics are on, chunks queue (bounded: `src` pauses past
 * HIGH_WATER bytes) and go one at a time through the chain of toxics, in
 * order; the chain is read per chunk, so toxics added or removed apply from
 * the next chunk on. Once the queue drains with no toxic left, the fast path
 * takes over again.
 */
import type { Socket } from 'node:net';
import type { ToxicSpec } from '../types.ts';
import { createToxic, type LinkControl, type Toxic } from './index.ts';

const HIGH_WATER = 256 * 1024;

interface Queued {
  chunk: Buffer | null; // null: the source's FIN
  arrived: number;
}

interface Running {
  spec: ToxicSpec;
  toxic: Toxic;
}

export class Link {
  readonly #src: Socket;
  readonly #dst: Socket;
  readonly #control: LinkControl;
  readonly #count: (bytes: number) => void;
  #chain: Running[] = [];
  #queue: Queued[] = [];
  #queuedBytes = 0;
  #busy = false;
  #stopped = false;

  constructor(src: Socket, dst: Socket, control: LinkControl, count: (bytes: number) => void) {
    this.#src = src;
    this.#dst = dst;
    this.#control = control;
    this.#count = count;
    src.on('data', this.#onData);
    src.on('end', this.#onEnd);
    dst.on('drain', this.#maybeResume);
  }

  /** The toxics that act on this direction now, in order (the proxy's order). */
  setToxics(specs: ToxicSpec[]): void {
    if (this.#stopped) return;
    const before = new Map(this.#chain.map((r) => [r.spec.name, r]));
    this.#chain = specs.map((spec) => {
      const old = before.get(spec.name);
      before.delete(spec.name);
      if (old && old.spec.type === spec.type) {
        if (JSON.stringify(old.spec.attributes) !== JSON.stringify(spec.attributes)) old.toxic.update(spec.attributes);
        return { spec, toxic: old.toxic };
      }
      old?.toxic.stop();
      return { spec, toxic: createToxic(spec.type, spec.attributes, this.#control) };
    });
    for (const gone of before.values()) gone.toxic.stop();
  }

  /** No more data goes through; held data is dropped and toxics' timers end. Reads go on (discarded) so a peer can finish. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const r of this.#chain) r.toxic.stop();
    this.#chain = [];
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#src.resume();
  }

  #onData = (chunk: Buffer): void => {
    if (this.#stopped) return;
    if (this.#chain.length === 0 && !this.#busy) {
      this.#count(chunk.length);
      if (!this.#dst.write(chunk)) this.#src.pause();
      return;
    }
    this.#queue.push({ chunk, arrived: performance.now() });
    this.#queuedBytes += chunk.length;
    if (this.#queuedBytes > HIGH_WATER) this.#src.pause();
    if (!this.#busy) void this.#run();
  };

  #onEnd = (): void => {
    if (this.#stopped) return;
    if (this.#chain.length === 0 && !this.#busy) {
      this.#dst.end();
      return;
    }
    this.#queue.push({ chunk: null, arrived: performance.now() });
    if (!this.#busy) void this.#run();
  };

  #maybeResume = (): void => {
    if (this.#stopped || this.#dst.writableNeedDrain || this.#queuedBytes > HIGH_WATER / 2) return;
    if (this.#src.isPaused()) this.#src.resume();
  };

  async #run(): Promise<void> {
    this.#busy = true;
    try {
      while (!this.#stopped && this.#queue.length > 0) {
        const { chunk, arrived } = this.#queue.shift()!;
        const chain = this.#chain;
        if (chunk === null) {
          for (const r of chain) await r.toxic.end?.();
          if (!this.#stopped) this.#dst.end();
          break;
        }
        this.#queuedBytes -= chunk.length;
        this.#maybeResume();
        await this.#through(chain, 0, chunk, arrived);
      }
    } catch {
      // a toxic failed: drop the connection rather than leak it
      this.#control.close();
    } finally {
      this.#busy = false;
    }
  }

  #through(chain: Running[], i: number, chunk: Buffer, arrived: number): Promise<void> | void {
    if (this.#stopped) return;
    if (i === chain.length) return this.#write(chunk);
    return chain[i].toxic.pass(chunk, arrived, (c, a) => this.#through(chain, i + 1, c, a));
  }

  #write(chunk: Buffer): Promise<void> | void {
    const dst = this.#dst;
    if (dst.destroyed || dst.writableEnded) return;
    this.#count(chunk.length);
    if (dst.write(chunk)) return;
    return new Promise((resolve) => {
      const done = (): void => {
        dst.off('drain', done);
        dst.off('close', done);
        resolve();
      };
      dst.on('drain', done);
      dst.on('close', done);
    });
  }
}
