// Plan 002's chaos drills: what the three drill scripts share — the target's
// address, TIME_SCALE (1 = the plan's minutes; the default 0.2 runs each
// drill in about a minute, 0.05 in about 15 s), scaled durations and
// setup()'s wait for the demo target and its services.
import http from 'k6/http';
import { fail, sleep } from 'k6';

export const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';
export const TIME_SCALE = Number(__ENV.TIME_SCALE || 0.2);

/** `seconds` of the plan's timeline, scaled, as a duration (whole ms, at least `minMs`). */
export const scaled = (seconds: number, minMs = 1000): string => `${Math.max(minMs, Math.round(seconds * TIME_SCALE * 1000))}ms`;

/** How often probes read: every second, or 250 ms in a shortened run so a short window still gets several readings. */
export const PROBE_EVERY = TIME_SCALE < 0.1 ? '250ms' : '1s';

/** host:port of a redis:// or postgres:// URL. */
export function hostPort(url: string, defaultPort: number): string {
  const m = /^[a-z]+:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?/.exec(url);
  if (!m) fail(`not a URL: ${url}`);
  return `${m[1]}:${m[2] || defaultPort}`;
}

/**
 * Waits (30 s at most) until the demo target answers GET /stats/drills with
 * the services this drill needs: it may be started after the run, as it may
 * wait for its database behind the run's own fault proxy.
 */
export function waitForTarget(needs: 'profiles' | 'notifications'): void {
  for (let waited = 0; waited < 30; waited += 0.5) {
    const res = http.get(`${BASE_URL}/stats/drills`, { tags: { name: 'wait-for-target' } });
    if (res.status === 200) {
      const services = res.json() as Record<string, unknown> | undefined;
      if (services && services[needs] !== null) return;
      fail(`the demo target at ${BASE_URL} runs without ${needs}: start it with ${needs === 'profiles' ? 'DATABASE_URL' : 'REDIS_URL'} (see the script's header)`);
    }
    sleep(0.5);
  }
  fail(`no demo target at ${BASE_URL} after 30 s`);
}
