/**
 * httpbin-style helpers for tests and benchmarks: delayed responses, any
 * status code, n bytes, an echo of the request, and redirect chains.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { STATUS_CODES } from 'node:http';
import { intInRange, sendError, sendJson } from '../http-io.ts';
import type { Route, RouteContext } from '../router.ts';

const MAX_DELAY_MS = 60_000;
const MAX_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 100;

/** 64 KiB of fixed pseudo-random bytes that /bytes/:n repeats. */
const PATTERN = (() => {
  const buf = Buffer.allocUnsafe(64 * 1024);
  let x = 0x9e3779b9;
  for (let i = 0; i < buf.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    buf[i] = x & 0xff;
  }
  return buf;
})();

/** The first `n` bytes /bytes/:n sends (a fixed pattern, so responses are reproducible). */
export function patternBytes(n: number): Buffer {
  if (n <= PATTERN.length) return PATTERN.subarray(0, n);
  const out = Buffer.allocUnsafe(n);
  for (let off = 0; off < n; off += PATTERN.length) PATTERN.copy(out, off, 0, Math.min(PATTERN.length, n - off));
  return out;
}

async function delay({ res, params, state }: RouteContext): Promise<void> {
  const ms = intInRange(params.ms, 0, 0, MAX_DELAY_MS);
  if (ms === null) return sendError(res, 400, `delay must be an integer between 0 and ${MAX_DELAY_MS} ms`);
  try {
    await sleep(ms, undefined, { signal: state.closing });
  } catch {
    return; // the server is closing; its connections are being dropped
  }
  sendJson(res, 200, { delayMs: ms });
}

function status({ res, params }: RouteContext): void {
  const code = intInRange(params.code, 0, 200, 599);
  if (code === null) return sendError(res, 400, 'status must be an integer between 200 and 599');
  if (code === 204 || code === 304) {
    res.writeHead(code);
    res.end();
    return;
  }
  const headers = code >= 300 && code < 400 ? { location: '/health' } : undefined;
  sendJson(res, code, { status: code, text: STATUS_CODES[code] ?? '' }, headers);
}

function bytes({ res, params }: RouteContext): void {
  const n = intInRange(params.n, 0, 0, MAX_BYTES);
  if (n === null) return sendError(res, 400, `n must be an integer between 0 and ${MAX_BYTES}`);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': n });
  res.end(patternBytes(n));
}

function echo({ req, res, body, query }: RouteContext): void {
  const text = body.toString('utf8');
  let json: unknown = null;
  if ((req.headers['content-type'] ?? '').includes('json')) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  sendJson(res, 200, {
    method: req.method,
    url: req.url,
    query: Object.fromEntries(query),
    headers: req.headers,
    body: text,
    size: body.length,
    json,
  });
}

function redirect({ res, params }: RouteContext): void {
  const n = intInRange(params.n, 0, 0, MAX_REDIRECTS);
  if (n === null) return sendError(res, 400, `n must be an integer between 0 and ${MAX_REDIRECTS}`);
  if (n === 0) return sendJson(res, 200, { redirected: true });
  res.writeHead(302, { location: `/redirect/${n - 1}`, 'content-length': 0 });
  res.end();
}

/** /delay/:ms, /status/:code, /bytes/:n, POST /echo, /redirect/:n. */
export const utilityRoutes: Route[] = [
  { method: 'GET', path: '/delay/:ms', handle: delay },
  { method: 'GET', path: '/status/:code', handle: status },
  { method: 'GET', path: '/bytes/:n', handle: bytes },
  { method: 'POST', path: '/echo', handle: echo },
  { method: 'GET', path: '/redirect/:n', handle: redirect },
];
