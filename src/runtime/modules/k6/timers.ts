/**
 * `k6/timers`: setTimeout / setInterval bound to the VU. A pending timer
 * keeps the iteration open, as in k6; when the VU stops, its timers are
 * cleared.
 */
import type { VuRuntime } from '../../vu-runtime.ts';

export function timersModule(vu: VuRuntime): Record<string, unknown> {
  const live = new Map<NodeJS.Timeout, () => void>();
  const forget = (t: NodeJS.Timeout | undefined) => {
    if (t === undefined) return;
    clearTimeout(t);
    live.get(t)?.();
    live.delete(t);
  };
  const api = {
    setTimeout(fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): NodeJS.Timeout {
      const release = vu.hold();
      const t = setTimeout(() => {
        live.delete(t);
        try { fn(...args); } finally { release(); }
      }, ms);
      live.set(t, release);
      return t;
    },
    clearTimeout: forget,
    setInterval(fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): NodeJS.Timeout {
      const t = setInterval(() => fn(...args), ms);
      live.set(t, vu.hold());
      return t;
    },
    clearInterval: forget,
  };
  const stopAll = () => { for (const t of [...live.keys()]) forget(t); };
  vu.onInterrupt(stopAll);
  vu.onClose(stopAll);
  return { ...api, default: api };
}
