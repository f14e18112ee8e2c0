/**
 * The demo target as a library: startDemoTarget() listens on a host/port and
 * serves the route table, counting every request (except /stats) and adding
 * the optional fixed delay before each answer. Approved actions are executed
 * by the in-memory loop, or with `redisUrl` by a BullMQ queue and worker.
 * Plan 002's drill services start only when asked: `databaseUrl` serves
 * GET /profiles/:id from PostgreSQL (cached in Redis with `redisUrl`), and
 * `redisUrl` also runs the `notifications` queue (drill-services.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBody, sendError } from './http-io.ts';
import { createRouter } from './router.ts';
import type { Route, RouteContext } from './router.ts';
import { allRoutes } from './routes/index.ts';
import { createDemoState } from './state.ts';
import type { DemoState, DemoStateOptions, RequestCounts } from './state.ts';
import { startExecutor } from './actions-store.ts';
import { bearerToken } from './tokens.ts';
import { startDrillServices } from './drill-services.ts';
import type { DrillServiceOptions } from './drill-services.ts';

/** Where and how to run; every field is optional. */
export interface DemoTargetOptions extends DemoStateOptions, DrillServiceOptions {
  /** TCP port; 0 (the default) picks a free one */
  port?: number;
  /** interface to bind (default 127.0.0.1) */
  host?: string;
  /** fixed delay added before every answer except /stats (default 0) */
  delayMs?: number;
  /** with a Redis URL, approved actions are executed through the BullMQ queue `action-executor` (default: the in-memory loop) */
  redisUrl?: string;
  /** jobs the BullMQ worker runs at once (default 2); only with redisUrl */
  executorConcurrency?: number;
}

/** A running demo target. */
export interface DemoTarget {
  /** base URL without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  /** Stops listening, drops open connections and the executor; resolves when closed. */
  close(): Promise<void>;
  /** What the server has counted so far (same as GET /stats). */
  counters(): RequestCounts;
}

/** Starts a demo target; resolves once it is listening, rejects if it cannot bind. */
export async function startDemoTarget(options: DemoTargetOptions = {}): Promise<DemoTarget> {
  const host = options.host ?? '127.0.0.1';
  const delayMs = options.delayMs ?? 0;
  const closing = new AbortController();
  const state = createDemoState(options, closing.signal);
  // before listening, so a Redis that does not answer fails the start; bullmq is loaded only then
  const queueExecutor = options.redisUrl
    ? await (await import('./queue-executor.ts')).startQueueExecutor(state.actions, {
      redisUrl: options.redisUrl, concurrency: options.executorConcurrency, readyTimeoutMs: options.servicesWaitMs,
    })
    : undefined;
  let stopDrills: () => Promise<void>;
  try {
    stopDrills = await startDrillServices(state, options);
  } catch (error) {
    await queueExecutor?.close();
    throw error;
  }
  const match = createRouter(allRoutes);
  const server = http.createServer((req, res) => {
    handleRequest(req, res, state, match, delayMs).catch((error: unknown) => {
      if (req.destroyed || res.destroyed) return; // the client went away mid-request: nothing to answer
      if (!res.headersSent) sendError(res, 500, 'internal error');
      else res.destroy();
      console.error('demo-target: request failed:', error);
    });
  });
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => { server.off('error', reject); resolve(); });
    });
  } catch (error) {
    await queueExecutor?.close();
    await stopDrills();
    throw error;
  }
  const stopExecutor = queueExecutor ? () => queueExecutor.close() : startExecutor(state.actions);
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    counters: () => state.counters.snapshot(),
    close: () => closed ??= new Promise<void>((resolve) => {
      closing.abort();
      const executorStopped = Promise.all([stopExecutor(), stopDrills()]);
      server.close(() => { void Promise.resolve(executorStopped).catch(() => {}).then(() => resolve()); });
      server.closeAllConnections();
    }),
  };
}

async function handleRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  state: DemoState,
  match: ReturnType<typeof createRouter>,
  delayMs: number,
): Promise<void> {
  const url = parseRequestUrl(req.url);
  const method = req.method === 'HEAD' ? 'GET' : req.method ?? 'GET';
  const found = url ? match(method, url.pathname) : { route: null, allowed: [] };
  const route: Route | null = found.route;
  if (!route || !route.control) state.counters.count(route ? `${route.method} ${route.path}` : 'unmatched');
  const body = await readBody(req);
  if (body === null) return sendError(res, 413, 'request body too large', { connection: 'close' });
  if (delayMs > 0 && !route?.control) {
    try { await sleep(delayMs, undefined, { signal: state.closing }); } catch { return; }
  }
  if (!url) return sendError(res, 400, 'malformed request target');
  if (!found.route) {
    if (found.allowed.length > 0) return sendError(res, 405, `method ${method} not allowed`, { allow: found.allowed.join(', ') });
    return sendError(res, 404, `no route for ${method} ${url.pathname}`);
  }
  let user = '';
  if (found.route.auth) {
    user = state.tokens.verify(bearerToken(req.headers.authorization), 'access') ?? '';
    if (!user) return sendError(res, 401, 'missing or invalid bearer token', { 'www-authenticate': 'Bearer' });
  }
  const ctx: RouteContext = { req, res, body, params: found.params, query: url.searchParams, user, state };
  await found.route.handle(ctx);
}

function parseRequestUrl(target: string | undefined): URL | null {
  if (!target || !target.startsWith('/')) return null;
  try { return new URL(`http://demo.local${target}`); } catch { return null; }
}
