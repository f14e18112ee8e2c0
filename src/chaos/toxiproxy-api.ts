/**
 * Toxiproxy's HTTP API over a ProxyRegistry (issue #17), so toxiproxy-cli,
 * toxiproxy-node-client and the other Toxiproxy clients drive Stampede's
 * fault proxies unchanged:
 *
 *   GET /version                          {"version": …}
 *   GET /proxies                          {name: proxy, …}
 *   POST /proxies                         201 proxy (409 when the name is taken)
 *   POST /populate                        201 {"proxies": […]} (a JSON array of proxies)
 *   GET|POST|PATCH|DELETE /proxies/{p}    POST/PATCH change listen, upstream, enabled; DELETE 204
 *   GET|POST /proxies/{p}/toxics          the list; POST adds one (200)
 *   GET|POST|PATCH|DELETE /proxies/{p}/toxics/{t}
 *   POST /reset                           204: every proxy enabled, every toxic removed
 *
 * Errors are {"error": message, "status": code}. As Toxiproxy, requests
 * from browsers (a User-Agent starting with Mozilla/) are refused, so a web
 * page cannot reach the API through the user's browser.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProxyError } from './proxy.ts';
import { viewOf, type ProxyRegistry } from './registry.ts';
import { TOXIC_ATTRIBUTES, isToxicType } from './toxics/index.ts';
import type { FaultProxy, ToxicSpec } from './types.ts';

/** The Toxiproxy API level this server speaks (what /version answers; clients compare it). */
export const TOXIPROXY_API_VERSION = '2.12.0';

const MAX_BODY = 1 << 20;

export interface ToxiproxyApi {
  /** host:port it listens on, with the real port */
  readonly address: string;
  close(): Promise<void>;
}

/** Toxiproxy's attribute handling: the type's attributes only, a missing one 0. */
function attributesFor(type: ToxicSpec['type'], input: unknown, base?: Record<string, number>): Record<string, number> {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) throw new ProxyError('attributes must be a JSON object', 400);
  const given = (input ?? {}) as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const key of TOXIC_ATTRIBUTES[type]) {
    const v = given[key] ?? base?.[key] ?? 0;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ProxyError(`attribute ${key} must be a number ≥ 0, not ${JSON.stringify(v)}`, 400);
    out[key] = v;
  }
  return out;
}

/** A client's toxic with Toxiproxy's defaults: stream downstream, toxicity 1, name `<type>_<stream>`. */
export function toxicFromInput(input: unknown): ToxicSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ProxyError('bad request body: a toxic is a JSON object', 400);
  const o = input as Record<string, unknown>;
  if (!isToxicType(o.type)) throw new ProxyError(`invalid toxic type: ${JSON.stringify(o.type ?? '')} (one of ${Object.keys(TOXIC_ATTRIBUTES).join(', ')})`, 400);
  const stream = o.stream === undefined || o.stream === '' ? 'downstream' : o.stream;
  if (stream !== 'upstream' && stream !== 'downstream') throw new ProxyError(`stream was invalid, can be either upstream or downstream, not ${JSON.stringify(o.stream)}`, 400);
  const toxicity = o.toxicity ?? 1;
  if (typeof toxicity !== 'number' || !(toxicity >= 0 && toxicity <= 1)) throw new ProxyError(`toxicity must be a number from 0 to 1, not ${JSON.stringify(toxicity)}`, 400);
  if (o.name !== undefined && (typeof o.name !== 'string' || /[/?#]/.test(o.name))) throw new ProxyError('toxic name must be a string without /, ? or #', 400);
  const name = typeof o.name === 'string' && o.name !== '' ? o.name : `${o.type}_${stream}`;
  return { name, type: o.type, stream, toxicity, attributes: attributesFor(o.type, o.attributes) };
}

function toxicView(t: ToxicSpec): Record<string, unknown> {
  return { name: t.name, type: t.type, stream: t.stream, toxicity: t.toxicity, attributes: t.attributes };
}

function findToxic(proxy: FaultProxy, name: string): ToxicSpec {
  const t = proxy.toxics().find((x) => x.name === name);
  if (!t) throw new ProxyError('toxic not found', 404);
  return t;
}

interface Answer {
  status: number;
  body?: unknown;
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new ProxyError('request body too large', 413);
    parts.push(chunk);
  }
  const text = Buffer.concat(parts).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ProxyError(`bad request body: ${(err as Error).message}`, 400);
  }
}

function methodNotAllowed(): never {
  throw new ProxyError('method not allowed', 405);
}

async function route(registry: ProxyRegistry, method: string, path: string, req: http.IncomingMessage): Promise<Answer> {
  const seg = path.split('/').filter((s) => s !== '').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new ProxyError('bad path', 400);
    }
  });
  const changes = method === 'POST' || method === 'PATCH';
  if (seg.length === 1 && seg[0] === 'version') {
    if (method !== 'GET') methodNotAllowed();
    return { status: 200, body: { version: TOXIPROXY_API_VERSION } };
  }
  if (seg.length === 1 && seg[0] === 'reset') {
    if (method !== 'POST') methodNotAllowed();
    await registry.reset();
    return { status: 204 };
  }
  if (seg.length === 1 && seg[0] === 'populate') {
    if (method !== 'POST') methodNotAllowed();
    let body = await readJson(req);
    // older clients send {"proxies": […]}
    if (body !== null && typeof body === 'object' && !Array.isArray(body) && Array.isArray((body as { proxies?: unknown }).proxies)) body = (body as { proxies: unknown[] }).proxies;
    const proxies = await registry.populate(body);
    return { status: 201, body: { proxies: proxies.map(viewOf) } };
  }
  if (seg[0] !== 'proxies' || seg.length > 4 || (seg.length >= 3 && seg[2] !== 'toxics')) throw new ProxyError('not found', 404);
  if (seg.length === 1) {
    if (method === 'GET') return { status: 200, body: Object.fromEntries(registry.list().map((p) => [p.name, viewOf(p)])) };
    if (method === 'POST') return { status: 201, body: viewOf(await registry.create(await readJson(req))) };
    methodNotAllowed();
  }
  const name = seg[1];
  if (seg.length === 2) {
    if (method === 'GET') return { status: 200, body: viewOf(registry.get(name)) };
    if (changes) {
      const change = await readJson(req);
      return { status: 200, body: viewOf(await registry.update(name, change)) };
    }
    if (method === 'DELETE') {
      await registry.delete(name);
      return { status: 204 };
    }
    methodNotAllowed();
  }
  const proxy = registry.get(name);
  if (seg.length === 3) {
    if (method === 'GET') return { status: 200, body: proxy.toxics().map(toxicView) };
    if (method === 'POST') {
      const toxic = toxicFromInput(await readJson(req));
      registry.get(name).addToxic(toxic); // the proxy again: an update may have replaced it while the body came in
      return { status: 200, body: toxicView(findToxic(registry.get(name), toxic.name)) };
    }
    methodNotAllowed();
  }
  const toxicName = seg[3];
  if (method === 'GET') return { status: 200, body: toxicView(findToxic(proxy, toxicName)) };
  if (changes) {
    const input = await readJson(req);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ProxyError('bad request body: a toxic is a JSON object', 400);
    const o = input as Record<string, unknown>;
    const current = registry.get(name);
    const old = findToxic(current, toxicName);
    const change: { attributes?: Record<string, number>; toxicity?: number } = {};
    if (o.attributes !== undefined) change.attributes = attributesFor(old.type, o.attributes, old.attributes);
    if (o.toxicity !== undefined) change.toxicity = o.toxicity as number;
    return { status: 200, body: toxicView(current.updateToxic(toxicName, change)) };
  }
  if (method === 'DELETE') {
    proxy.removeToxic(toxicName);
    return { status: 204 };
  }
  methodNotAllowed();
}

function send(res: http.ServerResponse, answer: Answer): void {
  if (answer.body === undefined) {
    res.writeHead(answer.status).end();
    return;
  }
  const text = `${JSON.stringify(answer.body)}\n`;
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

/** Serves Toxiproxy's API for `registry` on host:port (port 0: any free one). */
export async function startToxiproxyApi(registry: ProxyRegistry, opts: { host: string; port: number }): Promise<ToxiproxyApi> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://api');
    const method = req.method ?? 'GET';
    const handle = async (): Promise<Answer> => {
      if (/^Mozilla\//.test(req.headers['user-agent'] ?? '')) throw new ProxyError('User agent not allowed', 403);
      return route(registry, method, url.pathname, req);
    };
    handle().then(
      (answer) => send(res, answer),
      (err: unknown) => {
        const status = err instanceof ProxyError ? err.status : err instanceof Error && /already exists/.test(err.message) ? 409 : 500;
        const message = err instanceof Error ? err.message : String(err);
        send(res, { status, body: { error: message, status } });
      },
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  return {
    address: `${host}:${addr.port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
