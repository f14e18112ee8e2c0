/**
 * A hook slot around one VU's k6/http request functions: `hookable(http)`
 * returns the namespace with get/post/…/request/asyncRequest routed through
 * a per-namespace params hook (none by default), and `setHttpHook` installs
 * one (k6/experimental/tracing's instrumentHTTP). Because the functions the
 * script imported read the slot at call time, a hook installed later in the
 * init code applies to them too.
 */
type HttpFn = (...args: unknown[]) => unknown;

/** Rewrites a request's params (returns a new params object). */
export type ParamsHook = (params: unknown) => unknown;

/** The request functions k6's instrumentHTTP replaces, with the index of their params argument. */
export const HTTP_METHODS: Readonly<Record<string, number>> = {
  get: 1, head: 1, post: 2, put: 2, patch: 2, options: 2, del: 2, request: 3, asyncRequest: 3,
};

interface Slot { hook: ParamsHook | undefined; raw: Record<string, HttpFn> }
const slots = new WeakMap<object, Slot>();

/** `mod` (a k6/http namespace `{ default, get, … }`) with its request functions routed through the hook slot. */
export function hookable(mod: Record<string, unknown>): Record<string, unknown> {
  const dflt = mod.default as Record<string, unknown>;
  const slot: Slot = { hook: undefined, raw: {} };
  const wrapped: Record<string, HttpFn> = {};
  for (const [name, paramsIndex] of Object.entries(HTTP_METHODS)) {
    const fn = dflt[name] as HttpFn | undefined;
    if (typeof fn !== 'function') continue;
    slot.raw[name] = fn;
    // Hot path: with no hook, a fixed-arity call (no rest array per request); every k6/http
    // function takes at most four arguments and reads a missing one as undefined.
    wrapped[name] = (a?: unknown, b?: unknown, c?: unknown, d?: unknown) => {
      if (slot.hook === undefined) return fn(a, b, c, d);
      const full = [a, b, c, d].slice(0, Math.max(paramsIndex + 1, lastDefined(a, b, c, d)));
      while (full.length < paramsIndex) full.push(undefined);
      full[paramsIndex] = slot.hook(full[paramsIndex]);
      // request/asyncRequest without a body: k6 sends none (null)
      if (paramsIndex === 3 && full[2] === undefined) full[2] = null;
      return fn(...full);
    };
  }
  const api = { ...dflt, ...wrapped };
  const out = { ...mod, ...wrapped, default: api };
  slots.set(out, slot);
  slots.set(api, slot);
  return out;
}

/** Installs `hook` on a namespace made by `hookable` (throws for any other object). */
export function setHttpHook(mod: object, hook: ParamsHook | undefined): void {
  const slot = slots.get(mod);
  if (!slot) throw new Error('k6/http is not instrumentable here');
  slot.hook = hook;
}

/** The un-hooked request functions of a namespace made by `hookable` (what a tracing Client calls). */
export function rawHttp(mod: object): Readonly<Record<string, HttpFn>> {
  const slot = slots.get(mod);
  if (!slot) throw new Error('k6/http is not instrumentable here');
  return slot.raw;
}

/** How many leading arguments are given (1 + the index of the last one not undefined). */
function lastDefined(...args: unknown[]): number {
  for (let i = args.length - 1; i >= 0; i--) if (args[i] !== undefined) return i + 1;
  return 0;
}
