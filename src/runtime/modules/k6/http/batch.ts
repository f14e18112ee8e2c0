/**
 * `http.batch()`: parses k6's request forms (URL string, [method, url, body,
 * params] array, { method, url, body, params } object; in an array or an
 * object of named requests) and runs them concurrently within `batch` overall
 * and `batchPerHost` per host.
 */
import { HttpURL } from './url-tag.ts';

/** One request of a batch, in the shape of http.request()'s arguments. */
export interface BatchItem {
  method: string;
  url: unknown;
  body: unknown;
  params: unknown;
}

/** The parsed batch: items in order, and their names when the batch was an object. */
export interface ParsedBatch {
  items: BatchItem[];
  keys: string[] | null;
}

function parseItem(raw: unknown, label: string): BatchItem {
  if (typeof raw === 'string' || raw instanceof HttpURL) return { method: 'GET', url: raw, body: null, params: undefined };
  if (Array.isArray(raw)) {
    if (raw.length < 2) throw new Error(`batch request ${label}: an array request needs at least a method and a URL`);
    return { method: String(raw[0]), url: raw[1], body: raw[2] ?? null, params: raw[3] };
  }
  if (raw !== null && typeof raw === 'object') {
    const r = raw as { method?: unknown; url?: unknown; body?: unknown; params?: unknown };
    if (r.url === undefined || r.url === null) throw new Error(`batch request ${label}: the request object has no url`);
    return { method: r.method === undefined || r.method === null ? 'GET' : String(r.method), url: r.url, body: r.body ?? null, params: r.params };
  }
  throw new Error(`batch request ${label}: invalid request, use a URL string, an array or an object`);
}

/** Parses the argument of http.batch(); throws with the offending entry named. */
export function parseBatch(requests: unknown): ParsedBatch {
  if (Array.isArray(requests)) return { items: requests.map((r, i) => parseItem(r, `#${i}`)), keys: null };
  if (requests !== null && typeof requests === 'object') {
    const keys = Object.keys(requests);
    return { items: keys.map((k) => parseItem((requests as Record<string, unknown>)[k], JSON.stringify(k))), keys };
  }
  throw new Error('http.batch() needs an array or an object of requests');
}

/** The host:port a batch item goes to, for the per-host limit ('' when unparseable). */
export function hostKey(url: unknown): string {
  try {
    return new URL(String(url)).host;
  } catch {
    return '';
  }
}

/**
 * Runs `run(i)` for every index with at most `limit` in flight overall and
 * `perHost` per host (0 or less means no limit, as k6's batchPerHost: 0). Resolves with the results in index order once all
 * settled; rejects with the first failure after all settled.
 */
export function runLimited<T>(count: number, hostOf: (i: number) => string, limit: number, perHost: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  if (count === 0) return Promise.resolve(results);
  const overall = limit > 0 ? limit : Infinity;
  const hostCap = perHost > 0 ? perHost : Infinity;
  const waiting: number[] = Array.from({ length: count }, (_, i) => i);
  const perHostActive = new Map<string, number>();
  let active = 0;
  let settled = 0;
  let failure: { err: unknown } | undefined;
  return new Promise<T[]>((resolve, reject) => {
    const pump = (): void => {
      for (let w = 0; w < waiting.length && active < overall;) {
        const i = waiting[w];
        const host = hostOf(i);
        const busy = perHostActive.get(host) ?? 0;
        if (busy >= hostCap) { w++; continue; }
        waiting.splice(w, 1);
        active++;
        perHostActive.set(host, busy + 1);
        run(i).then((r) => { results[i] = r; }, (err) => { failure ??= { err }; }).finally(() => {
          active--;
          perHostActive.set(host, (perHostActive.get(host) ?? 1) - 1);
          settled++;
          if (settled === count) {
            if (failure) reject(failure.err); else resolve(results);
          } else pump();
        });
      }
    };
    pump();
  });
}
