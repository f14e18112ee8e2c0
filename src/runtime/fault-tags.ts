/**
 * `fault=<name>` on every sample a worker records while a chaos fault is
 * open, read from the shared control block (workers/control-block.ts
 * FAULTS: one bit per fault; the main thread's chaos runner sets them), so a window's edges are exact to the sample
 * rather than to a message. Overlapping faults tag `fault=a+b`. Tag objects
 * are cached per tag set while the mask stays the same: the batcher's
 * per-tag-set caches keep hitting.
 */
import { FAULTS } from '../workers/control-block.ts';

type Tags = Readonly<Record<string, string>>;

export class FaultTagger {
  #control: Int32Array | undefined;
  #names: readonly string[] = [];
  #mask = 0;
  #value = '';
  #cache = new WeakMap<Tags, Tags>();

  /** From the test's configure: the worker's control block and the faults' names in bit order (none: tags pass through). */
  configure(control: Int32Array | undefined, names: readonly string[]): void {
    this.#control = names.length > 0 ? control : undefined;
    this.#names = names;
    this.#mask = 0;
  }

  tag<T extends Tags>(tags: T): T {
    const control = this.#control;
    if (control === undefined) return tags;
    const mask = Atomics.load(control, FAULTS);
    if (mask === 0) return tags;
    if (mask !== this.#mask) {
      this.#mask = mask;
      this.#value = this.#names.filter((_, i) => (mask & (1 << i)) !== 0).join('+');
      this.#cache = new WeakMap();
    }
    let tagged = this.#cache.get(tags);
    if (tagged === undefined) {
      tagged = { ...tags, fault: this.#value };
      this.#cache.set(tags, tagged);
    }
    return tagged as T;
  }
}
