/**
 * The REST API of a running test, k6's v1 routes: GET/PATCH /v1/status,
 * GET /v1/metrics[/id], GET /v1/groups[/id], GET /v1/setup. JSON:API in and
 * out. With a token, every request needs `Authorization: Bearer <token>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { RunControl, StatusChange } from './run-control.ts';
import { statusDocument, metricsDocument, metricDocument, groupsDocument, groupDocument, setupDocument, errorDocument } from './jsonapi.ts';
import { formatAddress, type ApiAddress } from './address.ts';

export interface ApiServer {
  /** the address actually bound (port 0 becomes a real port) */
  address: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

export async function startApiServer(control: RunControl, at: ApiAddress, token?: string): Promise<ApiServer> {
  const server = createServer((req, res) => {
    handle(control, req, res, token).catch((err: unknown) => send(res, 500, errorDocument(500, 'internal error', String(err))));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => { server.off('error', reject); resolve(); });
  });
  const bound = server.address() as AddressInfo;
  return {
    address: formatAddress({ host: bound.address, port: bound.port }),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function send(res: ServerResponse, status: number, doc: object): void {
  const body = JSON.stringify(doc);
  res.writeHead(status, { 'content-type': 'application/vnd.api+json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(req.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BadRequest(`request body over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

class BadRequest extends Error {}

async function handle(control: RunControl, req: IncomingMessage, res: ServerResponse, token: string | undefined): Promise<void> {
  if (!authorized(req, token)) {
    res.setHeader('www-authenticate', 'Bearer');
    return send(res, 401, errorDocument(401, 'unauthorized', 'send Authorization: Bearer <token> (--api-token / STAMPEDE_API_TOKEN)'));
  }
  const url = new URL(req.url ?? '/', 'http://api');
  const parts = url.pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  if (parts[0] !== 'v1') return send(res, 404, errorDocument(404, 'not found', 'the API lives under /v1'));
  const [, resource, id] = parts;
  const method = req.method ?? 'GET';
  if (resource === 'status' && !id) {
    if (method === 'GET') return send(res, 200, statusDocument(control.status()));
    if (method === 'PATCH' || method === 'POST') {
      let change: StatusChange;
      try {
        change = parseStatusChange(await readBody(req));
        control.update(change);
      } catch (err) {
        return send(res, 400, errorDocument(400, 'cannot change the status', (err as Error).message));
      }
      return send(res, 200, statusDocument(control.status()));
    }
    return send(res, 405, errorDocument(405, 'method not allowed', 'GET or PATCH'));
  }
  if (method !== 'GET') return send(res, 405, errorDocument(405, 'method not allowed', 'GET'));
  switch (resource) {
    case 'metrics': {
      const summary = control.summary();
      if (!id) return send(res, 200, metricsDocument(summary));
      const doc = metricDocument(summary, decodeURIComponent(id));
      return doc ? send(res, 200, doc) : send(res, 404, errorDocument(404, 'no such metric', id));
    }
    case 'groups': {
      const summary = control.summary();
      if (!id) return send(res, 200, groupsDocument(summary));
      const doc = groupDocument(summary, id);
      return doc ? send(res, 200, doc) : send(res, 404, errorDocument(404, 'no such group', id));
    }
    case 'setup':
      return send(res, 200, setupDocument(control.setupData()));
    default:
      return send(res, 404, errorDocument(404, 'not found', `no route ${url.pathname}`));
  }
}

/** `{"data":{"attributes":{"paused":true,"vus":5,"vus-max":10,"stopped":false}}}` → StatusChange. */
export function parseStatusChange(body: string): StatusChange {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new BadRequest('the body is not JSON; send {"data":{"type":"status","attributes":{...}}}');
  }
  const attrs = (doc as { data?: { attributes?: Record<string, unknown> } })?.data?.attributes;
  if (!attrs || typeof attrs !== 'object') throw new BadRequest('expected {"data":{"attributes":{...}}}');
  const change: StatusChange = {};
  const bool = (k: string): boolean | undefined => {
    const v = attrs[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw new BadRequest(`${k}: must be true or false`);
    return v;
  };
  const int = (k: string): number | undefined => {
    const v = attrs[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new BadRequest(`${k}: must be a non-negative integer`);
    return v;
  };
  change.paused = bool('paused');
  change.stopped = bool('stopped');
  change.vus = int('vus');
  change.vusMax = int('vus-max');
  return change;
}
