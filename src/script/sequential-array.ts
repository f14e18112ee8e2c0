/**
 * Sequential versions of the Array callback methods, for callbacks that
 * became async: `x.forEach(cb)` is compiled to `await __sequentialArray.forEach(x, cb)`,
 * which runs `cb` for one element after another, like k6 does.
 *
 * `createSequentialArrayHelpers` is embedded into every compiled script by
 * its source text (Function.prototype.toString), so it must stay
 * self-contained: no imports, no references to anything outside its body.
 */

/** A helper: the target first, then the Array method's own arguments. */
export type SequentialHelper = (target: unknown, ...args: unknown[]) => Promise<unknown>;

/** `strict` helpers throw on a nullish target; `optional` ones (for `x?.forEach(cb)`) return undefined. */
export interface SequentialArrayHelpers {
  strict: Record<string, SequentialHelper>;
  optional: Record<string, SequentialHelper>;
}

/**
 * Builds the helpers. Arrays get the Array algorithm with every callback
 * result awaited (holes skipped where Array skips them, thisArg, reduce's
 * initial value); other objects with `forEach` (Map, Set …) have their
 * entries collected and visited in order; for any other target the original
 * method is called and its result awaited.
 */
export function createSequentialArrayHelpers(): SequentialArrayHelpers {
  type Callback = (...args: unknown[]) => unknown;
  type Visit = (list: unknown[], cb: Callback, thisArg: unknown, rest: unknown[]) => Promise<unknown>;

  const checkCallback = (cb: unknown): Callback => {
    if (typeof cb !== 'function') throw new TypeError(`${String(cb)} is not a function`);
    return cb as Callback;
  };

  const searches = (fromEnd: boolean, wantIndex: boolean): Visit => async (list, cb, thisArg) => {
    const len = list.length;
    for (let n = 0; n < len; n++) {
      const i = fromEnd ? len - 1 - n : n;
      if (await cb.call(thisArg, list[i], i, list)) return wantIndex ? i : list[i];
    }
    return wantIndex ? -1 : undefined;
  };

  const reduces = (fromEnd: boolean): Visit => async (list, cb, _thisArg, rest) => {
    const len = list.length;
    const indexAt = (n: number): number => (fromEnd ? len - 1 - n : n);
    let n = 0;
    let acc: unknown;
    if (rest.length > 0) {
      acc = rest[0];
    } else {
      while (n < len && !(indexAt(n) in list)) n++;
      if (n >= len) throw new TypeError('Reduce of empty array with no initial value');
      acc = list[indexAt(n++)];
    }
    for (; n < len; n++) {
      const i = indexAt(n);
      if (i in list) acc = await cb.call(undefined, acc, list[i], i, list);
    }
    return acc;
  };

  const visits: Record<string, Visit> = {
    async forEach(list, cb, thisArg) {
      for (let i = 0, len = list.length; i < len; i++) if (i in list) await cb.call(thisArg, list[i], i, list);
      return undefined;
    },
    async map(list, cb, thisArg) {
      const out = new Array<unknown>(list.length);
      for (let i = 0, len = list.length; i < len; i++) if (i in list) out[i] = await cb.call(thisArg, list[i], i, list);
      return out;
    },
    async filter(list, cb, thisArg) {
      const out: unknown[] = [];
      for (let i = 0, len = list.length; i < len; i++) if (i in list && (await cb.call(thisArg, list[i], i, list))) out.push(list[i]);
      return out;
    },
    async some(list, cb, thisArg) {
      for (let i = 0, len = list.length; i < len; i++) if (i in list && (await cb.call(thisArg, list[i], i, list))) return true;
      return false;
    },
    async every(list, cb, thisArg) {
      for (let i = 0, len = list.length; i < len; i++) if (i in list && !(await cb.call(thisArg, list[i], i, list))) return false;
      return true;
    },
    async flatMap(list, cb, thisArg) {
      const out: unknown[] = [];
      for (let i = 0, len = list.length; i < len; i++) {
        if (!(i in list)) continue;
        const r = await cb.call(thisArg, list[i], i, list);
        if (Array.isArray(r)) out.push(...r);
        else out.push(r);
      }
      return out;
    },
    find: searches(false, false),
    findIndex: searches(false, true),
    findLast: searches(true, false),
    findLastIndex: searches(true, true),
    reduce: reduces(false),
    reduceRight: reduces(true),
  };

  const strict: Record<string, SequentialHelper> = {};
  const optional: Record<string, SequentialHelper> = {};
  for (const name of Object.keys(visits)) {
    const visit = visits[name];
    const helper: SequentialHelper = async (target, ...args) => {
      if (Array.isArray(target)) return visit(target, checkCallback(args[0]), args[1], args.slice(1));
      const object = target as Record<string, unknown>;
      if (name === 'forEach' && object !== null && object !== undefined && typeof object.forEach === 'function') {
        const cb = checkCallback(args[0]);
        const entries: unknown[][] = [];
        (object.forEach as Callback).call(object, (...entry: unknown[]) => { entries.push(entry); });
        for (const entry of entries) await cb.apply(args[1], entry);
        return undefined;
      }
      return await (object[name] as Callback).apply(object, args);
    };
    strict[name] = helper;
    optional[name] = (target, ...args) => (target === null || target === undefined ? Promise.resolve(undefined) : helper(target, ...args));
  }
  return { strict, optional };
}
