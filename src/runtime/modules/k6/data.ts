/**
 * `k6/data`: SharedArray. Built once per worker thread by the first VU that
 * asks for it (by name), then shared read-only by every VU of that worker.
 * (Sharing one copy across workers is issue #5's multi-core work.)
 */
const built = new Map<string, readonly unknown[]>();

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

class SharedArray {
  constructor(name: string, build: () => unknown[]) {
    if (typeof name !== 'string' || name === '') throw new Error('SharedArray needs a non-empty name as its first argument');
    if (typeof build !== 'function') throw new Error('SharedArray needs a function that returns an array as its second argument');
    let data = built.get(name);
    if (!data) {
      const result = build();
      if (!Array.isArray(result)) throw new Error(`SharedArray "${name}": the function must return an array`);
      data = deepFreeze(result);
      built.set(name, data);
    }
    return data as unknown as SharedArray;
  }
}

export const dataModule = (): Record<string, unknown> => {
  const api = { SharedArray };
  return { ...api, default: api };
};
