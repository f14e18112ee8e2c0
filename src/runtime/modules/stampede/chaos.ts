/**
 * `stampede/chaos`: drills a script times itself, as xk6-disruptor users
 * write them in a dedicated chaos scenario. `await chaos.inject(proxy,
 * fault, { duration, name })` opens a fault on one of the script's proxies
 * (options.proxies) and resolves when its window is over (without a
 * duration: at once, open until `chaos.clear(proxy)`); the fault has the
 * shape of an options.chaos `fault` and its window is tagged and measured
 * like a planned one. The main thread's chaos runner does the work.
 */
import { parseDurationMs } from '../../../lib/index.ts';

/** What the worker sends the main thread for one call; resolves when the main thread says it is done. */
export type ChaosRequest = (op: 'inject' | 'clear', proxy: string, fault: unknown, durationMs: number, name?: string) => Promise<void>;

export function chaosModule(request: ChaosRequest | undefined): Record<string, unknown> {
  const send: ChaosRequest = request ?? (() => Promise.reject(new Error('stampede/chaos works in a test run, not here')));
  const inject = (proxy: unknown, fault: unknown, opts?: { duration?: unknown; name?: unknown }): Promise<void> => {
    if (typeof proxy !== 'string' || proxy === '') return Promise.reject(new TypeError('chaos.inject(proxy, fault, { duration }): proxy must name one of options.proxies'));
    let durationMs = 0;
    if (opts?.duration !== undefined) {
      const ms = parseDurationMs(opts.duration, { negative: false, bare: 'ms' });
      if (ms === undefined) return Promise.reject(new TypeError(`chaos.inject: duration ${JSON.stringify(opts.duration)} is not a duration (e.g. '30s')`));
      durationMs = ms;
    }
    return send('inject', proxy, fault, durationMs, opts?.name === undefined ? undefined : String(opts.name));
  };
  const clear = (proxy: unknown): Promise<void> => send('clear', String(proxy), undefined, 0);
  const api = { inject, clear };
  return { ...api, default: api };
}
