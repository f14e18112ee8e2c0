/**
 * The DOM-style event side of k6/websockets: listener lists with
 * addEventListener/removeEventListener semantics (no duplicates, `onX`
 * attributes keep the place where they were first set, listener objects
 * with handleEvent), the event objects handed to listeners, and a dispatch
 * that awaits async listeners one after another.
 */

export type Listener = ((ev: WsEvent) => unknown) | { handleEvent(ev: WsEvent): unknown };

/** What listeners receive; `type`-specific fields (data, code, error …) are added per event. */
export interface WsEvent {
  readonly type: string;
  readonly target: object;
  /** ms since the epoch, when the event happened */
  readonly timestamp: number;
  readonly [field: string]: unknown;
}

export function makeEvent(type: string, target: object, fields: Record<string, unknown> = {}): WsEvent {
  return { type, target, timestamp: Date.now(), ...fields };
}

function isListener(v: unknown): v is Listener {
  return typeof v === 'function' || (typeof v === 'object' && v !== null && typeof (v as { handleEvent?: unknown }).handleEvent === 'function');
}

export class Listeners {
  readonly #byType = new Map<string, Listener[]>();
  /** the current `onX` handler per type; its wrapper sits in #byType */
  readonly #attributes = new Map<string, { fn: ((ev: WsEvent) => unknown) | null }>();

  add(type: string, listener: unknown): void {
    if (!isListener(listener)) return;
    const list = this.#byType.get(type);
    if (!list) this.#byType.set(type, [listener]);
    else if (!list.includes(listener)) list.push(listener);
  }

  remove(type: string, listener: unknown): void {
    const list = this.#byType.get(type);
    if (!list) return;
    const i = list.indexOf(listener as Listener);
    if (i >= 0) list.splice(i, 1);
  }

  /** `ws.onX = fn` (anything but a function clears it). */
  setAttribute(type: string, fn: unknown): void {
    let slot = this.#attributes.get(type);
    if (!slot) {
      const created: { fn: ((ev: WsEvent) => unknown) | null } = { fn: null };
      slot = created;
      this.#attributes.set(type, created);
      this.add(type, function (this: unknown, ev: WsEvent) { return created.fn?.call(this, ev); });
    }
    slot.fn = typeof fn === 'function' ? (fn as (ev: WsEvent) => unknown) : null;
  }

  getAttribute(type: string): ((ev: WsEvent) => unknown) | null {
    return this.#attributes.get(type)?.fn ?? null;
  }

  /** Whether anything would receive an event of `type`. */
  has(type: string): boolean {
    const list = this.#byType.get(type);
    if (!list || list.length === 0) return false;
    const attr = this.#attributes.get(type);
    return list.length > 1 || attr === undefined || attr.fn !== null;
  }

  /**
   * Calls the listeners of `ev.type` in order with `thisArg` as `this`,
   * awaiting the ones that return a promise. Stops at and rethrows the first
   * exception; `keepGoing` is asked before each listener.
   */
  async dispatch(thisArg: object, ev: WsEvent, keepGoing: () => boolean): Promise<void> {
    const list = this.#byType.get(ev.type);
    if (!list) return;
    for (const l of [...list]) {
      if (!keepGoing()) return;
      const r = typeof l === 'function' ? l.call(thisArg, ev) : l.handleEvent(ev);
      if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') await r;
    }
  }
}
