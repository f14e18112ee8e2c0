/**
 * Chaos drills (issue #17): the HTTP fault layer between real servers. The
 * upstream is a node:http server that counts what reaches it; a tiny net
 * server stands in for the TCP proxy and hands every accepted socket to the
 * layer's `handle`; node:http clients drive requests through it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createHttpFaultLayer } from '../src/chaos/http-faults.ts';
import type { HttpFaultLayer, HttpFaultLayerOptions } from '../src/chaos/http-faults.ts';
import type { HttpFaultSpec } from '../src/chaos/types.ts';

const MB = 1 << 20;
const BIG = 20 * MB;
const PATTERN = Buffer.alloc(MB);
for (let i = 0; i < PATTERN.length; i++) PATTERN[i] = (i * 31 + (i >> 8)) & 0xff;
const BIG_SHA = (() => {
  const h = createHash('sha256');
  for (let i = 0; i < BIG / MB; i++) h.update(PATTERN);
  return h.digest('hex');
})();

const noFault: HttpFaultSpec = { averageDelayMs: 0, delayVariationMs: 0, errorRate: 0, errorCode: 500, errorBody: '', exclude: [] };

interface Upstream {
  server: http.Server;
  address: string;
  /** requests that reached the upstream, by path */
  counts: Map<string, number>;
  total(): number;
  connections: number;
  /** the last request's headers as received, by path */
  seen: Map<string, http.IncomingHttpHeaders>;
  /** sha256 of each echoed upload as received */
  uploads: string[];
  /** responses the upstream saw closed before they finished */
  aborted: number;
}

function writeBig(res: http.ServerResponse, done: () => void = () => {}): void {
  let left = BIG / MB;
  const pump = (): void => {
    while (left > 0) {
      left--;
      if (!res.write(PATTERN)) { res.once('drain', pump); return; }
    }
    res.end(done);
  };
  pump();
}

async function startUpstream(): Promise<Upstream> {
  const up: Upstream = {
    server: undefined as unknown as http.Server, address: '', counts: new Map(), connections: 0, seen: new Map(), uploads: [], aborted: 0,
    total() { let n = 0; for (const v of this.counts.values()) n += v; return n; },
  };
  up.server = http.createServer({ keepAlive: true, keepAliveTimeout: 30_000 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    up.counts.set(path, (up.counts.get(path) ?? 0) + 1);
    up.seen.set(path, req.headers);
    res.on('close', () => { if (!res.writableFinished) up.aborted++; });
    if (path === '/echo') {
      // streams the upload back as it arrives (chunked), hashing what it received
      const hash = createHash('sha256');
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/octet-stream', 'x-echo': 'yes' });
      req.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        if (!res.write(chunk)) { req.pause(); res.once('drain', () => req.resume()); }
      });
      req.on('end', () => { up.uploads.push(hash.digest('hex')); res.end(); });
      return;
    }
    if (path === '/big') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(BIG), 'x-sha256': BIG_SHA });
      writeBig(res);
      return;
    }
    if (path === '/hang') return; // never answers
    if (path === '/stall') { res.writeHead(200, { 'content-type': 'text/plain' }); res.write('first'); return; }
    req.resume();
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.writeHead(200, 'Fine Thanks', { 'content-type': 'text/plain', 'x-path': path, 'cache-control': 'no-store' });
    res.end(`ok ${path}`);
  });
  up.server.on('connection', () => { up.connections++; });
  await new Promise<void>((r) => up.server.listen(0, '127.0.0.1', r));
  up.address = `127.0.0.1:${(up.server.address() as AddressInfo).port}`;
  return up;
}

interface Front {
  server: net.Server;
  port: number;
  accepted: number;
}

/** The stand-in for the TCP proxy: every accepted socket goes to the layer. */
async function startFront(layer: HttpFaultLayer, pauseOnConnect = false): Promise<Front> {
  const front: Front = { server: undefined as unknown as net.Server, port: 0, accepted: 0 };
  front.server = net.createServer({ pauseOnConnect }, (socket) => { front.accepted++; layer.handle(socket); });
  await new Promise<void>((r) => front.server.listen(0, '127.0.0.1', r));
  front.port = (front.server.address() as AddressInfo).port;
  return front;
}

interface Rig {
  up: Upstream;
  layer: HttpFaultLayer;
  front: Front;
  agent: http.Agent;
  close(): Promise<void>;
}

async function rig(options: HttpFaultLayerOptions & { upstream?: string; maxSockets?: number; pauseOnConnect?: boolean } = {}): Promise<Rig> {
  const up = await startUpstream();
  const layer = createHttpFaultLayer(options.upstream ?? up.address, options);
  const front = await startFront(layer, options.pauseOnConnect);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 1 });
  return {
    up, layer, front, agent,
    async close() {
      agent.destroy();
      await layer.close();
      await new Promise<void>((r) => front.server.close(() => r()));
      up.server.closeAllConnections();
      await new Promise<void>((r) => up.server.close(() => r()));
    },
  };
}

interface Answer {
  status: number;
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  sha256: string;
  bytes: number;
  ms: number;
}

function send(port: number, agent: http.Agent | false, path: string, opts: {
  method?: string; headers?: http.OutgoingHttpHeaders; body?: Buffer; bigUpload?: 'length' | 'chunked'; keepBody?: boolean;
} = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const headers: http.OutgoingHttpHeaders = { ...opts.headers };
    if (opts.bigUpload === 'length') headers['content-length'] = String(BIG);
    if (opts.body) headers['content-length'] = String(opts.body.length);
    const req = http.request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', agent, headers }, (res) => {
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => { hash.update(c); bytes += c.length; if (opts.keepBody !== false && bytes <= MB) chunks.push(c); });
      res.on('end', () => resolve({
        status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers,
        body: Buffer.concat(chunks), sha256: hash.digest('hex'), bytes, ms: performance.now() - start,
      }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.bigUpload) {
      let left = BIG / MB;
      const pump = (): void => {
        while (left > 0) {
          left--;
          if (!req.write(PATTERN)) { req.once('drain', pump); return; }
        }
        req.end();
      };
      pump();
    } else {
      req.end(opts.body);
    }
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('no fault: answers are the upstream\'s (status, headers, 20 MB bodies both ways), Host kept, hop-by-hop dropped, keep-alive reused', { timeout: 20_000 }, async () => {
  const r = await rig();
  try {
    const direct = await send(Number(r.up.address.split(':')[1]), false, '/hello?x=1');
    const via = await send(r.front.port, r.agent, '/hello?x=1', {
      headers: { host: 'shop.example.test:8443', connection: 'keep-alive, x-hop', 'x-hop': 'secret', 'keep-alive': 'timeout=5', 'x-end': 'kept' },
    });
    assert.equal(via.status, 200);
    assert.equal(via.statusMessage, 'Fine Thanks');
    assert.equal(via.body.toString(), direct.body.toString());
    for (const h of ['content-type', 'x-path', 'cache-control', 'content-length']) assert.equal(via.headers[h], direct.headers[h], h);
    assert.deepEqual(via.headers['set-cookie'], ['a=1', 'b=2']);
    const seen = r.up.seen.get('/hello')!;
    assert.equal(seen.host, 'shop.example.test:8443', 'Host as the client sent it');
    assert.equal(seen['x-end'], 'kept');
    assert.equal(seen['x-hop'], undefined, 'a header the Connection header names is hop-by-hop');
    assert.equal(seen['keep-alive'], undefined);

    // 20 MB download with content-length
    const big = await send(r.front.port, r.agent, '/big', { keepBody: false });
    assert.equal(big.status, 200);
    assert.equal(big.bytes, BIG);
    assert.equal(big.headers['content-length'], String(BIG));
    assert.equal(big.sha256, BIG_SHA);

    // 20 MB upload with content-length, echoed back chunked
    const up1 = await send(r.front.port, r.agent, '/echo', { method: 'POST', bigUpload: 'length', keepBody: false });
    assert.equal(up1.status, 200);
    assert.equal(up1.headers['x-echo'], 'yes');
    assert.equal(up1.headers['transfer-encoding'], 'chunked');
    assert.equal(up1.sha256, BIG_SHA);
    assert.equal(r.up.seen.get('/echo')!['content-length'], String(BIG));
    // 20 MB chunked upload
    const up2 = await send(r.front.port, r.agent, '/echo', { method: 'PUT', bigUpload: 'chunked', keepBody: false });
    assert.equal(up2.sha256, BIG_SHA);
    assert.equal(r.up.seen.get('/echo')!['transfer-encoding'], 'chunked');
    assert.deepEqual(r.up.uploads, [BIG_SHA, BIG_SHA], 'the upstream received every byte');

    // a small body and an empty POST
    const small = await send(r.front.port, r.agent, '/echo', { method: 'POST', body: Buffer.from('hello'), headers: { 'content-type': 'text/x-hi' } });
    assert.equal(small.body.toString(), 'hello');
    assert.equal(small.headers['content-type'], 'text/x-hi');
    const empty = await send(r.front.port, r.agent, '/echo', { method: 'POST' });
    assert.equal(empty.bytes, 0);
    const head = await send(r.front.port, r.agent, '/big', { method: 'HEAD' });
    assert.equal(head.headers['content-length'], String(BIG));
    assert.equal(head.bytes, 0);

    assert.equal(r.front.accepted, 1, 'one client connection for every request (keep-alive)');
    assert.equal(r.up.connections, 2, 'one upstream connection for the direct request, one reused by the layer');
  } finally {
    await r.close();
  }
});

test('errorRate 0.3, 503 with a JSON body: share within binomial bounds, faulted requests never reach the upstream', { timeout: 20_000 }, async () => {
  const r = await rig({ maxSockets: 10 });
  try {
    r.layer.setFault({ ...noFault, errorRate: 0.3, errorCode: 503, errorBody: '{"error":"injected"}' });
    const n = 500;
    const statuses: number[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < n) {
        next++;
        const a = await send(r.front.port, r.agent, '/api/items');
        statuses.push(a.status);
        if (a.status === 503) {
          assert.equal(a.body.toString(), '{"error":"injected"}');
          assert.equal(a.headers['content-type'], 'application/json');
        } else {
          assert.equal(a.status, 200);
          assert.equal(a.body.toString(), 'ok /api/items');
        }
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    const errors = statuses.filter((s) => s === 503).length;
    const sd = Math.sqrt(n * 0.3 * 0.7);
    console.log(`# errorRate 0.3: ${errors}/${n} = ${(errors / n).toFixed(3)} (bounds ${Math.ceil(n * 0.3 - 5 * sd)}..${Math.floor(n * 0.3 + 5 * sd)})`);
    assert.equal(statuses.length, n);
    assert.ok(Math.abs(errors - n * 0.3) < 5 * sd, `${errors} of ${n}`);
    assert.equal(r.up.counts.get('/api/items'), n - errors, 'the upstream counted exactly the requests not faulted');
    assert.ok(r.front.accepted <= 10, `client connections kept alive through injected errors (${r.front.accepted})`);

    // a text body is text/plain
    r.layer.setFault({ ...noFault, errorRate: 1, errorCode: 500, errorBody: 'boom' });
    const text = await send(r.front.port, r.agent, '/api/items');
    assert.equal(text.status, 500);
    assert.equal(text.body.toString(), 'boom');
    assert.match(String(text.headers['content-type']), /^text\/plain/);
  } finally {
    await r.close();
  }
});

test('averageDelay 50 ms ± 10 ms: each request is slower by 40..60 ms than without the fault', { timeout: 20_000 }, async () => {
  const r = await rig();
  try {
    for (let i = 0; i < 5; i++) await send(r.front.port, r.agent, '/warm');
    const plain: number[] = [];
    for (let i = 0; i < 30; i++) plain.push((await send(r.front.port, r.agent, '/timed')).ms);
    const baseline = median(plain);
    r.layer.setFault({ ...noFault, averageDelayMs: 50, delayVariationMs: 10 });
    const added: number[] = [];
    for (let i = 0; i < 30; i++) {
      const a = await send(r.front.port, r.agent, '/timed');
      assert.equal(a.status, 200);
      added.push(a.ms - baseline);
    }
    // the faulted error answers are delayed too
    r.layer.setFault({ ...noFault, averageDelayMs: 50, delayVariationMs: 10, errorRate: 1, errorCode: 503 });
    for (let i = 0; i < 10; i++) {
      const a = await send(r.front.port, r.agent, '/timed');
      assert.equal(a.status, 503);
      added.push(a.ms - baseline);
    }
    const min = Math.min(...added);
    const max = Math.max(...added);
    const mean = added.reduce((s, x) => s + x, 0) / added.length;
    console.log(`# delay 50±10: baseline ${baseline.toFixed(2)} ms, added min ${min.toFixed(1)} mean ${mean.toFixed(1)} max ${max.toFixed(1)} ms (n=${added.length})`);
    assert.ok(min >= 39, `added latency ${min.toFixed(1)} ms below 40`);
    assert.ok(max <= 60 + 10, `added latency ${max.toFixed(1)} ms above 60 + 10`);
    assert.ok(mean > 44 && mean < 58, `mean added latency ${mean.toFixed(1)} ms`);
    assert.equal(r.up.counts.get('/timed'), 60, 'the delayed requests reached the upstream, the errors did not');
  } finally {
    await r.close();
  }
});

test('exclude [/health, /static/*]: those paths are never delayed or failed', { timeout: 20_000 }, async () => {
  const r = await rig();
  try {
    r.layer.setFault({ ...noFault, averageDelayMs: 300, errorRate: 1, errorCode: 503, errorBody: 'down', exclude: ['/health', '/static/*'] });
    for (const path of ['/health', '/health?deep=1', '/static/app.js', '/static/css/site.css']) {
      for (let i = 0; i < 5; i++) {
        const a = await send(r.front.port, r.agent, path);
        assert.equal(a.status, 200, path);
        assert.ok(a.ms < 150, `${path} took ${a.ms.toFixed(1)} ms`);
      }
    }
    for (const path of ['/healthz', '/static', '/api']) {
      const a = await send(r.front.port, r.agent, path);
      assert.equal(a.status, 503, path);
      assert.ok(a.ms >= 295, `${path} answered in ${a.ms.toFixed(1)} ms, before its delay`);
    }
    assert.equal(r.up.counts.get('/health'), 10);
    assert.equal(r.up.counts.get('/static/app.js'), 5);
    assert.equal(r.up.counts.get('/healthz'), undefined);
    assert.equal(r.up.counts.get('/api'), undefined);
  } finally {
    await r.close();
  }
});

test('setFault(undefined) clears at once; a bad fault is an Error and changes nothing', { timeout: 20_000 }, async () => {
  const r = await rig();
  try {
    r.layer.setFault({ ...noFault, averageDelayMs: 200, errorRate: 1, errorCode: 503 });
    assert.equal((await send(r.front.port, r.agent, '/x')).status, 503);
    r.layer.setFault(undefined);
    const a = await send(r.front.port, r.agent, '/x');
    assert.equal(a.status, 200);
    assert.ok(a.ms < 100, `${a.ms.toFixed(1)} ms after clearing`);
    assert.throws(() => r.layer.setFault({ ...noFault, errorRate: 2 }), /errorRate/);
    assert.equal((await send(r.front.port, r.agent, '/x')).status, 200);
    assert.equal(r.up.counts.get('/x'), 2);
  } finally {
    await r.close();
  }
});

test('upstream down: 502 promptly naming the cause, the client connection stays usable; a silent upstream is a bounded 504', { timeout: 20_000 }, async () => {
  // a port that was just free: nothing listens there
  const probe = net.createServer();
  await new Promise<void>((res) => probe.listen(0, '127.0.0.1', res));
  const deadPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((res) => probe.close(() => res()));

  const r = await rig({ upstream: `127.0.0.1:${deadPort}` });
  try {
    for (let i = 0; i < 3; i++) {
      const a = await send(r.front.port, r.agent, '/anything', { method: 'POST', body: Buffer.from('payload') });
      assert.equal(a.status, 502);
      assert.match(a.body.toString(), /ECONNREFUSED/);
      assert.match(a.body.toString(), new RegExp(`127\\.0\\.0\\.1:${deadPort}`));
      assert.ok(a.ms < 1000, `502 after ${a.ms.toFixed(1)} ms`);
    }
    assert.equal(r.front.accepted, 1, 'the client connection survived the 502s');
  } finally {
    await r.close();
  }

  const s = await rig({ idleTimeoutMs: 300 });
  try {
    const a = await send(s.front.port, s.agent, '/hang');
    assert.equal(a.status, 504);
    assert.match(a.body.toString(), /timed out/);
    assert.ok(a.ms >= 290 && a.ms < 2000, `504 after ${a.ms.toFixed(1)} ms`);
    // stalled mid-body: the client sees a broken answer, not a hang
    await assert.rejects(send(s.front.port, s.agent, '/stall'), /aborted|ECONNRESET|socket hang up/);
  } finally {
    await s.close();
  }
});

test('a client that goes away ends the upstream exchange; close() closes every open socket, delayed requests too', { timeout: 20_000 }, async () => {
  const r = await rig();
  try {
    // the client drops a download after its first bytes (the upstream would send more)
    await new Promise<void>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: r.front.port, path: '/stall', agent: false }, (res) => {
        res.once('data', () => { req.destroy(); resolve(); });
      });
      req.on('error', (e) => { if (!req.destroyed) reject(e); });
      req.end();
    });
    const until = Date.now() + 2000;
    while (r.up.aborted < 1 && Date.now() < until) await new Promise((res) => setTimeout(res, 20));
    assert.equal(r.up.aborted, 1, 'the upstream saw its answer closed');

    // a keep-alive client connection and a request waiting on its delay
    await send(r.front.port, r.agent, '/x');
    r.layer.setFault({ ...noFault, averageDelayMs: 10_000 });
    const pending = send(r.front.port, false, '/slow');
    await new Promise((res) => setTimeout(res, 100));
    const started = performance.now();
    await r.layer.close();
    await assert.rejects(pending, /socket hang up|ECONNRESET/);
    assert.ok(performance.now() - started < 1000);
    assert.equal(r.up.counts.get('/slow'), undefined);
    // a socket handed over after close() is closed at once
    const late = await new Promise<boolean>((resolve) => {
      const c = net.connect(r.front.port, '127.0.0.1');
      c.on('close', () => resolve(true));
      c.on('error', () => {});
      setTimeout(() => resolve(false), 1000);
    });
    assert.equal(late, true);
  } finally {
    await r.close();
  }
});

test('a socket accepted with pauseOnConnect is served; an Upgrade request is a 501, not a dropped connection', { timeout: 20_000 }, async () => {
  const r = await rig({ pauseOnConnect: true });
  try {
    const a = await send(r.front.port, r.agent, '/paused');
    assert.equal(a.status, 200);
    assert.equal(a.body.toString(), 'ok /paused');
    const b = await send(r.front.port, false, '/ws', { headers: { connection: 'Upgrade', upgrade: 'websocket' } });
    assert.equal(b.status, 501);
    assert.match(b.body.toString(), /not proxied/);
    assert.equal(r.up.counts.get('/ws'), undefined);
  } finally {
    await r.close();
  }
});

test('an upstream that drops a reused keep-alive connection: a request without a body is retried once on a new one', { timeout: 20_000 }, async () => {
  // raw upstream: answers the first request of each connection, closes the connection on the second
  let connections = 0;
  const raw = net.createServer((socket) => {
    connections++;
    let requests = 0;
    socket.on('data', () => {
      requests++;
      if (requests === 1) socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok');
      else socket.destroy();
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((res) => raw.listen(0, '127.0.0.1', res));
  const layer = createHttpFaultLayer(`127.0.0.1:${(raw.address() as AddressInfo).port}`);
  const front = await startFront(layer);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const a = await send(front.port, agent, '/one');
    assert.equal(a.status, 200);
    const b = await send(front.port, agent, '/two');
    assert.equal(b.status, 200, b.body.toString());
    assert.equal(connections, 2);
  } finally {
    agent.destroy();
    await layer.close();
    await new Promise<void>((res) => front.server.close(() => res()));
    await new Promise<void>((res) => raw.close(() => res()));
  }
});
