/**
 * `k6/data`: SharedArray. The first VU to ask for a name builds it; its
 * elements are stored once, as JSON in shared memory (shared-array.ts), and
 * every VU of every worker thread reads that one copy: worker 0 builds the
 * arrays its init code creates and the other workers adopt them before
 * their own init code runs, so the builder function runs once per test.
 */
import { encodeSharedArray, sharedArrayView } from './shared-array.ts';

/** name → the shared bytes, in this worker */
const buffers = new Map<string, SharedArrayBuffer>();
/** name → the read-only view handed to scripts */
const views = new Map<string, readonly unknown[]>();

/** The arrays built in this worker so far, to hand to the other workers. */
export function sharedArrayBuffers(): Record<string, SharedArrayBuffer> {
  return Object.fromEntries(buffers);
}

/** Arrays another worker built: used instead of calling the builder again. */
export function adoptSharedArrays(shared: Record<string, SharedArrayBuffer>): void {
  for (const [name, sab] of Object.entries(shared)) {
    if (!buffers.has(name)) buffers.set(name, sab);
  }
}

class SharedArray {
  constructor(name: string, build: () => unknown[]) {
    if (typeof name !== 'string' || name === '') throw new Error('SharedArray needs a non-empty name as its first argument');
    if (typeof build !== 'function') throw new Error('SharedArray needs a function that returns an array as its second argument');
    let view = views.get(name);
    if (!view) {
      let sab = buffers.get(name);
      if (!sab) {
        const result = build();
        if (!Array.isArray(result)) throw new Error(`SharedArray "${name}": the function must return an array`);
        sab = encodeSharedArray(result);
        buffers.set(name, sab);
      }
      view = sharedArrayView(sab);
      views.set(name, view);
    }
    return view as unknown as SharedArray;
  }
}

export const dataModule = (): Record<string, unknown> => {
  const api = { SharedArray };
  return { ...api, default: api };
};
