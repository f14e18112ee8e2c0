/**
 * The fault proxy against real servers on 127.0.0.1 (issue #17): redis
 * through it, bytes unchanged at volume, each toxic's effect measured on
 * the wire, enabled=false, a taken port, an upstream dying mid-connection.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { test } from 'node:test';
import { startProxy } from '../src/chaos/proxy.ts';
import type { FaultProxy, ToxicSpec } from '../src/chaos/types.ts';
import { requireRedisServer, startRedisServer } from './helpers/redis-server.ts';

const T = { timeout: 20_000 };

/** A raw TCP server on a free port; `onSocket` gets every connection. */
async function serve(onSocket: (s: Socket) => void, port = 0, allowHalfOpen = false): Promise<{ address: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = net.createServer({ allowHalfOpen }, (s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    onSocket(s);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

const echo = (s: Socket): void => { s.pipe(s); };

function dial(address: string, allowHalfOpen = false): Promise<Socket> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port: Number(port), noDelay: true, allowHalfOpen });
    s.once('connect', () => resolve(s)).once('error', reject);
  });
}

/** Everything a socket receives until it closes, and how it ended. */
function collect(s: Socket): Promise<{ data: Buffer; chunks: number[]; error?: NodeJS.ErrnoException; closedAt: number; firstAt?: number }> {
  const parts: Buffer[] = [];
  let error: NodeJS.ErrnoException | undefined;
  let firstAt: number | undefined;
  s.on('data', (d: Buffer) => { firstAt ??= performance.now(); parts.push(d); });
  s.on('error', (e) => { error = e; });
  return new Promise((resolve) => s.once('close', () => resolve({ data: Buffer.concat(parts), chunks: parts.map((p) => p.length), error, closedAt: performance.now(), firstAt })));
}

/** One-byte ping-pong round trips over an echo connection, in ms. */
async function roundTrips(s: Socket, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => { s.once('data', () => resolve()); s.write('x'); });
    times.push(performance.now() - t0);
  }
  return times;
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };

function toxic(type: ToxicSpec['type'], attributes: Record<string, number>, stream: ToxicSpec['stream'] = 'downstream'): ToxicSpec {
  return { name: `${type}_${stream}`, type, stream, toxicity: 1, attributes };
}

async function proxyTo(upstream: string): Promise<FaultProxy> {
  return startProxy({ name: 'test', listen: '127.0.0.1:0', upstream, enabled: true });
}

/** Sends a RESP command and reads one reply line. */
async function redisCommand(s: Socket, ...args: string[]): Promise<string> {
  const reply = new Promise<string>((resolve) => {
    let got = '';
    const on = (d: Buffer): void => {
      got += d;
      const bulk = /^\$(\d+)\r\n/.exec(got);
      if ((bulk && got.length >= bulk[0].length + Number(bulk[1]) + 2) || (!bulk && got.endsWith('\r\n') && !got.startsWith('$'))) {
        s.off('data', on);
        resolve(got);
      }
    };
    s.on('data', on);
  });
  s.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  return reply;
}

test('redis SET/GET through the proxy', T, async () => {
  requireRedisServer();
  const redis = await startRedisServer();
  const proxy = await proxyTo(`127.0.0.1:${redis.port}`);
  let s: Socket | undefined;
  try {
    s = await dial(proxy.listen);
    assert.equal(await redisCommand(s, 'SET', 'chaos', 'drill'), '+OK\r\n');
    assert.equal(await redisCommand(s, 'GET', 'chaos'), '$5\r\ndrill\r\n');
    assert.equal(proxy.stats().connections, 1);
    assert.equal(proxy.stats().accepted, 1);
    assert.ok(proxy.stats().bytesUpstream > 0 && proxy.stats().bytesDownstream > 0);
  } finally {
    s?.destroy();
    await proxy.close();
    await redis.stop();
  }
});

test('50 MB each way through the proxy arrive unchanged (sha256), with half-close', T, async () => {
  const SIZE = 50 * 1024 * 1024;
  const block = randomBytes(1024 * 1024);
  const sendAll = async (s: Socket): Promise<string> => {
    const h = createHash('sha256');
    for (let sent = 0; sent < SIZE; sent += block.length) {
      const b = Buffer.from(block);
      b.writeUInt32LE(sent, 0); // each block differs, so a lost or repeated one changes the hash
      h.update(b);
      if (!s.write(b)) await new Promise((r) => s.once('drain', r));
    }
    s.end();
    return h.digest('hex');
  };
  const hashOf = (s: Socket): Promise<string> => new Promise((resolve) => {
    const h = createHash('sha256');
    s.on('data', (d) => h.update(d)).once('end', () => resolve(h.digest('hex')));
  });
  let serverSent!: Promise<string>;
  let serverGot!: Promise<string>;
  const server = await serve((s) => { serverGot = hashOf(s); serverSent = sendAll(s); }, 0, true);
  const proxy = await proxyTo(server.address);
  try {
    const c = await dial(proxy.listen, true);
    const [clientGot, clientSent] = await Promise.all([hashOf(c), sendAll(c)]);
    assert.equal(clientGot, await serverSent);
    assert.equal(await serverGot, clientSent);
    assert.equal(proxy.stats().bytesUpstream, SIZE);
    assert.equal(proxy.stats().bytesDownstream, SIZE);
  } finally {
    await proxy.close();
    await server.close();
  }
});

test('latency adds its delay to open connections, upstream and downstream, and goes away when removed', T, async () => {
  const server = await serve(echo);
  const proxy = await proxyTo(server.address);
  const c = await dial(proxy.listen);
  try {
    const base = median(await roundTrips(c, 9));
    proxy.addToxic(toxic('latency', { latency: 50 }));
    const down = median(await roundTrips(c, 9));
    assert.ok(Math.abs(down - base - 50) <= 5, `downstream: ${down.toFixed(2)} ms vs base ${base.toFixed(2)} ms`);
    proxy.addToxic(toxic('latency', { latency: 30 }, 'upstream'));
    const both = median(await roundTrips(c, 9));
    assert.ok(Math.abs(both - base - 80) <= 5, `both ways: ${both.toFixed(2)} ms`);
    proxy.updateToxic('latency_upstream', { attributes: { latency: 10 } });
    const updated = median(await roundTrips(c, 9));
    assert.ok(Math.abs(updated - base - 60) <= 5, `updated: ${updated.toFixed(2)} ms`);
    proxy.removeToxic('latency_downstream');
    proxy.removeToxic('latency_upstream');
    const after = median(await roundTrips(c, 9));
    assert.ok(after < base + 2, `after removal: ${after.toFixed(2)} ms`);
    console.log(`# latency: base ${base.toFixed(2)} ms, +50 down ${down.toFixed(2)}, +30 up ${both.toFixed(2)}, up→10 ${updated.toFixed(2)}, removed ${after.toFixed(2)}`);
  } finally {
    c.destroy();
    await proxy.close();
    await server.close();
  }
});

test('bandwidth limits a 2 MB transfer to 500 KB/s within 10 %', T, async () => {
  const SIZE = 2_000_000;
  const server = await serve((s) => { s.end(randomBytes(SIZE)); });
  const proxy = await proxyTo(server.address);
  proxy.addToxic(toxic('bandwidth', { rate: 500 }));
  try {
    const t0 = performance.now();
    const got = await collect(await dial(proxy.listen));
    const seconds = (got.closedAt - t0) / 1000;
    assert.equal(got.data.length, SIZE);
    const rate = SIZE / 1000 / seconds;
    console.log(`# bandwidth: 2 MB in ${seconds.toFixed(3)} s = ${rate.toFixed(1)} KB/s (asked 500)`);
    assert.ok(Math.abs(rate - 500) / 500 <= 0.1, `${rate.toFixed(1)} KB/s`);
  } finally {
    await proxy.close();
    await server.close();
  }
});

test('reset_peer: the client sees ECONNRESET after the timeout', T, async () => {
  const server = await serve(echo);
  const proxy = await proxyTo(server.address);
  proxy.addToxic(toxic('reset_peer', { timeout: 200 }));
  try {
    const t0 = performance.now();
    const c = await dial(proxy.listen);
    const got = collect(c);
    c.write('before the reset');
    const r = await got;
    assert.equal(r.error?.code, 'ECONNRESET');
    assert.equal(r.data.toString(), 'before the reset');
    const after = r.closedAt - t0;
    console.log(`# reset_peer: ECONNRESET after ${after.toFixed(1)} ms (asked 200)`);
    assert.ok(after >= 195 && after < 400, `${after.toFixed(1)} ms`);
  } finally {
    await proxy.close();
    await server.close();
  }
});

test('timeout: no data gets through, the connection closes after the timeout', T, async () => {
  const server = await serve(echo);
  const proxy = await proxyTo(server.address);
  proxy.addToxic(toxic('timeout', { timeout: 300 }));
  try {
    const t0 = performance.now();
    const c = await dial(proxy.listen);
    const got = collect(c);
    c.write('hello?');
    const r = await got;
    const after = r.closedAt - t0;
    console.log(`# timeout: closed after ${after.toFixed(1)} ms with ${r.data.length} bytes (asked 300)`);
    assert.equal(r.data.length, 0);
    assert.ok(after >= 295 && after < 500, `${after.toFixed(1)} ms`);
  } finally {
    await proxy.close();
    await server.close();
  }
});

test('timeout 0 holds data until the toxic is removed', T, async () => {
  const server = await serve(echo);
  const proxy = await proxyTo(server.address);
  const c = await dial(proxy.listen);
  try {
    proxy.addToxic(toxic('timeout', { timeout: 0 }, 'upstream'));
    let got = '';
    c.on('data', (d) => { got += d; });
    c.write('held');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(got, '');
    proxy.removeToxic('timeout_upstream');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(got, 'held');
  } finally {
    c.destroy();
    await proxy.close();
    await server.close();
  }
});

test('limit_data: the client receives exactly N bytes, then the close', T, async () => {
  const server = await serve((s) => { s.write(randomBytes(100_000)); });
  const proxy = await proxyTo(server.address);
  proxy.addToxic(toxic('limit_data', { bytes: 1234 }));
  try {
    const r = await collect(await dial(proxy.listen));
    console.log(`# limit_data: received ${r.data.length} bytes (asked 1234), error ${r.error?.code ?? 'none'}`);
    assert.equal(r.data.length, 1234);
    assert.equal(r.error, undefined);
  } finally {
    await proxy.close();
    await server.close();
  }
});

test('slicer delivers the same bytes in small slices', T, async () => {
  const body = randomBytes(20_000);
  const server = await serve((s) => { s.end(body); });
  const proxy = await proxyTo(server.address);
  proxy.addToxic(toxic('slicer', { average_size: 200, size_variation: 50, delay: 2000 }));
  try {
    const r = await collect(await dial(proxy.listen));
    assert.ok(r.data.equals(body));
    console.log(`# slicer: ${r.chunks.length} chunks, largest ${Math.max(...r.chunks)} bytes, median ${median(r.chunks)}`);
    assert.ok(r.chunks.length >= 50, `${r.chunks.length} chunks`);
    assert.ok(median(r.chunks) <= 250, `median chunk ${median(r.chunks)}`);
  } finally {
    await proxy.close();
    await server.close();
  }
});

test('slow_close delays the FIN, not the data', T, async () => {
  const server = await serve((s) => { s.end('bye'); });
  const proxy = await proxyTo(server.address);
  proxy.addToxic(toxic('slow_close', { delay: 300 }));
  try {
    const c = await dial(proxy.listen);
    const ended = new Promise<number>((r) => c.once('end', () => r(performance.now())));
    const r = collect(c);
    const finAt = await ended;
    c.end();
    const got = await r;
    const gap = finAt - got.firstAt!;
    console.log(`# slow_close: FIN ${gap.toFixed(1)} ms after the data (asked 300)`);
    assert.equal(got.data.toString(), 'bye');
    assert.ok(gap >= 290 && gap < 500, `${gap.toFixed(1)} ms`);
  } finally {
    await proxy.close();
    await server.close();
  }
});

test('toxicity 0 leaves connections alone', T, async () => {
  const server = await serve(echo);
  const proxy = await proxyTo(server.address);
  proxy.addToxic({ ...toxic('latency', { latency: 200 }), toxicity: 0 });
  const c = await dial(proxy.listen);
  try {
    assert.ok(median(await roundTrips(c, 5)) < 50);
  } finally {
    c.destroy();
    await proxy.close();
    await server.close();
  }
});

test('enabled=false closes open connections and refuses new ones; true accepts again', T, async () => {
  const server = await serve(echo);
  const proxy = await proxyTo(server.address);
  try {
    const open = await dial(proxy.listen);
    await roundTrips(open, 1);
    const closed = collect(open);
    proxy.enabled = false;
    await closed;
    const refused = await collect(await dial(proxy.listen));
    assert.equal(refused.data.length, 0);
    assert.equal(proxy.stats().connections, 0);
    proxy.enabled = true;
    const again = await dial(proxy.listen);
    assert.equal((await roundTrips(again, 3)).length, 3);
    again.destroy();
  } finally {
    await proxy.close();
    await server.close();
  }
});

test('a listen port already taken rejects with EADDRINUSE and the address', T, async () => {
  const taken = await serve(echo);
  try {
    await assert.rejects(startProxy({ name: 'dup', listen: taken.address, upstream: '127.0.0.1:9', enabled: true }),
      (e: Error) => e.message.includes(taken.address) && e.message.includes('EADDRINUSE'));
  } finally {
    await taken.close();
  }
});

test('an upstream killed mid-connection closes the client cleanly; the proxy serves a new upstream later', T, async () => {
  requireRedisServer();
  const redis = await startRedisServer();
  const proxy = await proxyTo(`127.0.0.1:${redis.port}`);
  let replacement: { close: () => Promise<void> } | undefined;
  try {
    const c = await dial(proxy.listen);
    assert.equal(await redisCommand(c, 'PING'), '+PONG\r\n');
    const r = collect(c);
    await redis.stop();
    const got = await r;
    assert.equal(got.error, undefined, `client error: ${got.error?.code}`);
    replacement = await serve(echo, redis.port);
    const c2 = await dial(proxy.listen);
    assert.equal((await roundTrips(c2, 2)).length, 2);
    c2.destroy();
    assert.equal(proxy.stats().accepted, 2);
  } finally {
    await proxy.close();
    await replacement?.close();
    await redis.stop();
  }
});
