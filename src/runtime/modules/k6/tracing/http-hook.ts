/**
 * The hook slot of one VU's k6/http request functions, for
 * k6/experimental/tracing's instrumentHTTP: k6/http's get/post/…/request
 * read `slot.hook` at call time and, when one is installed, pass their params
 * argument through it. Because the slot is read at call time, a hook
 * installed later in the init code applies to functions the script imported
 * before. The slot hangs off the namespace under a symbol (no wrapper
 * functions, copies of the namespace or WeakMap entries per VU: at 10,000
 * VUs those were 2 KB each).
 */
type HttpFn = (...args: unknown[]) => unknown;

/** Rewrites a request's params (returns a new params object). */
export type ParamsHook = (params: unknown) => unknown;

/** Where a k6/http namespace keeps its hook; `raw` makes the un-hooked request functions (what a tracing Client calls). */
export interface HttpHookSlot {
  hook: ParamsHook | undefined;
  raw(): Readonly<Record<string, HttpFn>>;
}

/** The key of a k6/http namespace's hook slot. */
export const HTTP_HOOK_SLOT: unique symbol = Symbol('k6/http hook slot');

function slotOf(mod: object): HttpHookSlot {
  const slot = (mod as { [HTTP_HOOK_SLOT]?: HttpHookSlot })[HTTP_HOOK_SLOT];
  if (!slot) throw new Error('k6/http is not instrumentable here');
  return slot;
}

/** Installs `hook` on a k6/http namespace (throws for any other object). */
export function setHttpHook(mod: object, hook: ParamsHook | undefined): void {
  slotOf(mod).hook = hook;
}

/** The un-hooked request functions of a k6/http namespace. */
export function rawHttp(mod: object): Readonly<Record<string, HttpFn>> {
  return slotOf(mod).raw();
}
