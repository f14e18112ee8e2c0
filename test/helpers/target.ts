/**
 * A small counting HTTP server on 127.0.0.1 for integration tests: every
 * request is counted by path so tests can compare the tool's numbers with
 * what the server saw.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';

export interface Target {
  url: string;
  /** requests seen, by pathname */
  counts: Map<string, number>;
  total(): number;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

const DEFAULT_ROUTES: Record<string, Handler> = {
  '/json': (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ a: { b: ['first', 'second'] }, items: [1, 2, 3], ok: true }));
  },
  '/status/404': (_req, res) => { res.statusCode = 404; res.end('not found'); },
  '/slow': (_req, res) => { setTimeout(() => res.end('slow'), 50); },
};

/** Starts the server; `routes` add to or override the defaults; anything else answers 200 "ok". */
export async function startTarget(routes: Record<string, Handler> = {}, host = '127.0.0.1'): Promise<Target> {
  const counts = new Map<string, number>();
  const all = { ...DEFAULT_ROUTES, ...routes };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      counts.set(pathname, (counts.get(pathname) ?? 0) + 1);
      const handler = all[pathname];
      if (handler) handler(req, res, Buffer.concat(chunks));
      else res.end('ok');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    counts,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/**
 * A loopback port nothing listens on right now (bound by the OS, then
 * released): one to listen on, or one whose connections are refused.
 */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
