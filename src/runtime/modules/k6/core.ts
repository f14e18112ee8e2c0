/**
 * The `k6` module: check, group, sleep, fail, randomSeed. Bound to one VU.
 * check() and group() stay synchronous when their callbacks are, and return
 * a Promise only when a callback does (the compiler awaits them then).
 */
import type { VuRuntime } from '../../vu-runtime.ts';
import { seedRandom } from './random.ts';

type CheckSets = Record<string, unknown>;

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

/** Creates the `k6` module namespace for one VU; `sleepMs` is the VU's own sleep (it ends early when the VU is stopped). */
export function createCoreModule(vu: VuRuntime, sleepMs: (ms: number) => Promise<void>): Record<string, unknown> {
  const record = (name: string, ok: boolean, extraTags?: Record<string, string>): void => {
    const tags = { ...vu.state.tags, group: vu.state.groupPath, check: name, ...extraTags };
    vu.samples.add('checks', tags, ok ? 1 : 0);
  };

  function check(value: unknown, sets: CheckSets, tags?: Record<string, string>): boolean | Promise<boolean> {
    if (vu.state.inInit) throw new Error('Using check() in the init context is not supported');
    const entries = Object.entries(sets ?? {});
    let allOk = true;
    for (let i = 0; i < entries.length; i++) {
      const [name, fn] = entries[i];
      const result = typeof fn === 'function' ? (fn as (v: unknown) => unknown)(value) : fn;
      if (isThenable(result)) return finishAsync(value, entries, i, result, allOk, tags);
      const ok = Boolean(result);
      record(name, ok, tags);
      if (!ok) allOk = false;
    }
    return allOk;
  }

  async function finishAsync(value: unknown, entries: [string, unknown][], from: number, first: PromiseLike<unknown>, okSoFar: boolean, tags?: Record<string, string>): Promise<boolean> {
    let allOk = okSoFar;
    for (let i = from; i < entries.length; i++) {
      const [name, fn] = entries[i];
      const result = i === from ? await first : await (typeof fn === 'function' ? (fn as (v: unknown) => unknown)(value) : fn);
      const ok = Boolean(result);
      record(name, ok, tags);
      if (!ok) allOk = false;
    }
    return allOk;
  }

  function group<T>(name: string, fn: () => T): T | Promise<Awaited<T>> {
    if (vu.state.inInit) throw new Error('Using group() in the init context is not supported');
    if (typeof name !== 'string' || name.includes('::')) throw new Error(`group name ${JSON.stringify(name)} must be a string without "::"`);
    if (typeof fn !== 'function') throw new Error('group() needs a function as its second argument');
    const parent = vu.state.groupPath;
    const path = `${parent}::${name}`;
    vu.state.groupPath = path;
    const start = performance.now();
    const finish = (): void => {
      vu.state.groupPath = parent;
      vu.samples.add('group_duration', { ...vu.state.tags, group: path }, performance.now() - start);
    };
    let result: T;
    try {
      result = fn();
    } catch (err) {
      finish();
      throw err;
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then((v) => { finish(); return v as Awaited<T>; }, (err) => { finish(); throw err; });
    }
    finish();
    return result;
  }

  function sleep(seconds: number): Promise<void> {
    if (vu.state.inInit) throw new Error('Using sleep() in the init context is not supported');
    return sleepMs(Number(seconds) * 1000);
  }

  function fail(message?: string): never {
    throw new Error(message ?? '');
  }

  function randomSeed(seed: number): void {
    seedRandom(Number(seed));
  }

  const api = { check, group, sleep, fail, randomSeed };
  return { ...api, default: api };
}
