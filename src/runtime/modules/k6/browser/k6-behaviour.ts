/**
 * Where k6's browser API differs from Playwright's, on Playwright's own
 * classes (patched once per worker, on the first page): k6's error texts
 * for a navigation or a click that times out, `mouse.dblClick` (k6 v1's
 * spelling), and k6's `page.throttleCPU()` / `page.throttleNetwork()` over
 * the DevTools protocol.
 */
import type { Page } from 'playwright-core';

const PATCHED = Symbol.for('stampede.k6-browser');

/** k6's network profiles for page.throttleNetwork() (bytes per second; -1: unthrottled). */
export const NETWORK_PROFILES = Object.freeze({
  'No Throttling': Object.freeze({ latency: 0, download: -1, upload: -1 }),
  'Fast 3G': Object.freeze({ latency: 562.5, download: 180_000, upload: 84_375 }),
  'Slow 3G': Object.freeze({ latency: 2000, download: 51_200, upload: 51_200 }),
});

/** Go's duration text, as k6 prints timeouts: 30s, 1.5s, 1m30s, 500ms. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = (ms % 60_000) / 1000;
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

/** Playwright's "… Timeout 30000ms exceeded." as k6's "timed out after 30s"; undefined when it is not a timeout. */
function timedOut(err: unknown): string | undefined {
  const m = /Timeout (\d+)ms exceeded/.exec(err instanceof Error ? err.message : '');
  return m ? `timed out after ${goDuration(Number(m[1]))}` : undefined;
}

type AnyFn = (...args: unknown[]) => Promise<unknown>;

/** Replaces `name` on `proto` with a version whose timeout error reads as k6's (`what` names the action). */
function k6Timeout(proto: Record<string, unknown>, name: string, what: (self: unknown, args: unknown[]) => string): void {
  const original = proto[name] as AnyFn | undefined;
  if (typeof original !== 'function') return;
  proto[name] = async function (this: unknown, ...args: unknown[]) {
    try {
      return await original.apply(this, args);
    } catch (err) {
      const t = timedOut(err);
      if (t === undefined) throw err;
      throw new Error(`${what(this, args)}: ${t}`, { cause: err });
    }
  };
}

/** Patches Playwright's classes (found through a live page) once per worker. */
export function applyK6Behaviour(page: Page): void {
  const pageProto = Object.getPrototypeOf(page) as Record<string | symbol, unknown>;
  if (pageProto[PATCHED]) return;
  pageProto[PATCHED] = true;
  const frameProto = Object.getPrototypeOf(page.mainFrame()) as Record<string, unknown>;
  const locatorProto = Object.getPrototypeOf(page.locator('html')) as Record<string, unknown>;
  const mouseProto = Object.getPrototypeOf(page.mouse) as Record<string, unknown>;

  const navigating = (_self: unknown, args: unknown[]) => `navigating frame to ${JSON.stringify(String(args[0]))}: navigating to ${JSON.stringify(String(args[0]))}`;
  const clicking = (_self: unknown, args: unknown[]) => `clicking on ${JSON.stringify(String(args[0]))}`;
  for (const proto of [pageProto, frameProto] as Record<string, unknown>[]) {
    k6Timeout(proto, 'goto', navigating);
    k6Timeout(proto, 'click', clicking);
  }
  // a locator's selector is its own: k6 names it the same way
  k6Timeout(locatorProto, 'click', (self) => `clicking on ${JSON.stringify(String((self as { _selector?: string })._selector ?? self))}`);
  if (typeof mouseProto.dblclick === 'function' && mouseProto.dblClick === undefined) mouseProto.dblClick = mouseProto.dblclick;

  pageProto.throttleCPU = async function (this: Page, profile: { rate?: number }) {
    const session = await this.context().newCDPSession(this);
    await session.send('Emulation.setCPUThrottlingRate', { rate: Math.max(1, Number(profile?.rate ?? 1)) });
  };
  pageProto.throttleNetwork = async function (this: Page, profile: { latency?: number; download?: number; upload?: number }) {
    const session = await this.context().newCDPSession(this);
    await session.send('Network.enable');
    await session.send('Network.emulateNetworkConditions', {
      offline: false, latency: Number(profile?.latency ?? 0), downloadThroughput: Number(profile?.download ?? -1), uploadThroughput: Number(profile?.upload ?? -1),
    });
  };
}
