/**
 * k6/experimental/redis against a real redis-server on 127.0.0.1: a k6
 * script reads a BullMQ-style backlog into a Gauge and round-trips strings,
 * counters and hashes; the server afterwards holds what the script wrote.
 * A refused port gives a clear error and an ordinary exit.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createClient } from 'redis';
import { stampede, scriptDir } from './helpers/cli.ts';
import { requireRedisServer, startRedisServer } from './helpers/redis-server.ts';
import { makeTestCerts } from './helpers/certs.ts';
import type { RedisServer } from './helpers/redis-server.ts';
import { freePort } from './helpers/target.ts';


let server: RedisServer | undefined;

before(async () => { requireRedisServer(); server = await startRedisServer(); });
after(async () => { await server?.stop(); });

const openDirect = () => createClient({ url: server!.url, RESP: 2, socket: { reconnectStrategy: false } });

/** Talks to the server with node-redis directly, to seed and to verify. */
async function direct<T>(fn: (c: ReturnType<typeof openDirect>) => Promise<T>): Promise<T> {
  const c = openDirect();
  c.on('error', () => { /* surfaces through the awaited call */ });
  await c.connect();
  try { return await fn(c); } finally { await c.close(); }
}

async function runScript(source: string, timeoutMs = 60_000) {
  const dir = await scriptDir({ 'redis.js': source });
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--summary-export', exported, path.join(dir, 'redis.js')], { timeoutMs });
  const summary = JSON.parse(await readFile(exported, 'utf8').catch(() => { throw new Error(`no summary (exit ${r.code}):\n${r.stdout}${r.stderr}`); }));
  return { ...r, summary };
}

test('a k6 script reads a queue backlog into a Gauge and round-trips keys, counters and hashes', async () => {
  await direct(async (c) => {
    await c.del('bull:emails:wait');
    await c.rPush('bull:emails:wait', ['1', '2', '3', '4', '5', '6', '7']);
    await c.sAdd('stampede:set', ['a', 'b']);
  });
  const r = await runScript(`import redis from 'k6/experimental/redis';
import { check } from 'k6';
import { Gauge } from 'k6/metrics';

const backlog = new Gauge('queue_backlog');
const client = new redis.Client('${server!.url}');

export const options = { vus: 2, iterations: 4 };

export default async function () {
  const waiting = await client.llen('bull:emails:wait');
  backlog.add(waiting);
  const vu = __VU;

  const ok = await client.set('stampede:greeting:' + vu, 'hello', 0);
  const got = await client.get('stampede:greeting:' + vu);
  const n = await client.incr('stampede:counter');
  const by = await client.incrBy('stampede:by:' + vu, 5);
  const fields = await client.hset('stampede:user:' + vu, 'name', 'ada');
  await client.hset('stampede:user:' + vu, 'visits', 3);
  const user = await client.hgetall('stampede:user:' + vu);
  const visits = await client.hincrby('stampede:user:' + vu, 'visits', 1);
  const head = await client.lrange('bull:emails:wait', 0, 1);
  const member = await client.sismember('stampede:set', 'a');
  const exists = await client.exists('stampede:greeting:' + vu, 'stampede:nope');
  const echo = await client.sendCommand('ECHO', 'hi');
  let missingKey = '';
  try { await client.get('stampede:does-not-exist'); } catch (e) { missingKey = String(e.message); }
  const expired = await client.expire('stampede:greeting:' + vu, 600);
  const ttl = await client.ttl('stampede:greeting:' + vu);

  check(null, {
    'llen is the backlog': () => waiting === 7,
    'set resolves OK': () => ok === 'OK',
    'get returns what set wrote': () => got === 'hello',
    'incr returns a number': () => typeof n === 'number' && n >= 1,
    'incrBy adds': () => by >= 5 && by % 5 === 0,
    'hset counts new fields': () => typeof fields === 'number',
    'hgetall is a plain object': () => user.name === 'ada' && user.visits !== undefined && Object.keys(user).length === 2,
    'hincrby returns the new value': () => typeof visits === 'number' && visits >= 4,
    'lrange returns strings': () => head.length === 2 && head[0] === '1' && head[1] === '2',
    'sismember is a boolean': () => member === true,
    'exists counts keys': () => exists === 1,
    'sendCommand returns the reply': () => echo === 'hi',
    'get of a missing key rejects': () => missingKey.includes('nil') && missingKey.includes('stampede:does-not-exist'),
    'expire is a boolean': () => expired === true,
    'ttl is seconds': () => ttl > 0 && ttl <= 600,
  });
}
`);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const m = r.summary.metrics;
  assert.equal(m.checks.fails, 0, r.stdout + r.stderr);
  assert.equal(m.checks.passes, 4 * 15);
  assert.equal(m.queue_backlog.value, 7);

  await direct(async (c) => {
    assert.equal(await c.get('stampede:counter'), '4', 'four iterations incremented the shared counter');
    for (const vu of ['1', '2']) {
      assert.equal(await c.get(`stampede:greeting:${vu}`), 'hello');
      assert.deepEqual({ ...(await c.hGetAll(`stampede:user:${vu}`)) }, { name: 'ada', visits: '4' });
    }
    assert.equal(await c.lLen('bull:emails:wait'), 7, 'reading the backlog did not consume it');
  });
});

test('creating a Client in init code does not connect; the first command does', async () => {
  const before = await direct((c) => c.sendCommand(['INFO', 'stats']) as Promise<string>);
  const connections = (info: string) => Number(/total_connections_received:(\d+)/.exec(info)?.[1]);
  const r = await runScript(`import redis from 'k6/experimental/redis';
import { check } from 'k6';
const unused = new redis.Client({ socket: { host: '127.0.0.1', port: ${server!.port} } });
const client = new redis.Client({ socket: { host: '127.0.0.1', port: ${server!.port} }, clientName: 'stampede-test' });
export const options = { vus: 1, iterations: 3 };
export default async function () {
  await client.rpush('stampede:seen', __ITER);
  const name = await client.sendCommand('CLIENT', 'GETNAME');
  check(name, { 'clientName is set': (n) => n === 'stampede-test' });
}
`);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.summary.metrics.checks.fails, 0, r.stdout + r.stderr);
  const after = await direct(async (c) => {
    assert.deepEqual(await c.lRange('stampede:seen', 0, -1), ['0', '1', '2']);
    return c.sendCommand(['INFO', 'stats']) as Promise<string>;
  });
  // one for the script's used client (reused across iterations), one for this check's own client
  assert.equal(connections(after) - connections(before), 2, 'only the used client connected, once');
});

test('a refused port rejects with a clear message and the run ends normally', async () => {
  const port = await freePort();
  const r = await runScript(`import redis from 'k6/experimental/redis';
import { check } from 'k6';
const client = new redis.Client('redis://127.0.0.1:${port}');
export const options = { iterations: 2 };
export default async function () {
  let message = '';
  try { await client.get('k'); } catch (e) { message = String(e.message); }
  check(message, { 'names host:port and the reason': (m) => m.includes('127.0.0.1:${port}') && m.includes('connection refused') });
  await client.set('k', 'v', 0);
}
`);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.summary.metrics.checks.fails, 0, r.stdout + r.stderr);
  assert.equal(r.summary.metrics.checks.passes, 2);
  const log = r.stdout + r.stderr;
  assert.match(log, new RegExp(`redis: cannot connect to 127\\.0\\.0\\.1:${port}: connection refused`));
  assert.doesNotMatch(log, /node_modules/, 'no stack from inside the client library');
});

test('un-awaited calls keep the iteration open; a call pending at gracefulStop is dropped and the run ends', async () => {
  const r = await runScript(`import redis from 'k6/experimental/redis';
const client = new redis.Client('${server!.url}');
const blocking = new redis.Client({ socket: { host: '127.0.0.1', port: ${server!.port}, readTimeout: -1 } });
export const options = {
  scenarios: {
    fire: { executor: 'per-vu-iterations', vus: 1, iterations: 3, exec: 'fire' },
    stuck: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '500ms', exec: 'stuck' },
  },
};
export function fire() {
  client.set('stampede:ff', 'x', 0).then(() => client.incr('stampede:ff:count'));
}
export function stuck() {
  blocking.sendCommand('BLPOP', 'stampede:never', 0).then(() => console.log('unexpected reply'));
}
`, 30_000);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /unexpected reply|internal error/);
  await direct(async (c) => {
    assert.equal(await c.get('stampede:ff:count'), '3', 'each iteration waited for its chained calls');
  });
});

test('TLS: a CA given in socket.tls is trusted; without it the certificate is refused unless insecureSkipTLSVerify', async () => {
  const certs = await makeTestCerts();
  const secure = await startRedisServer({ tls: { certFile: certs.files.serverCert, keyFile: certs.files.serverKey } });
  try {
    const script = (insecure: boolean) => `import redis from 'k6/experimental/redis';
import { check } from 'k6';
const trusted = new redis.Client({ socket: { host: 'localhost', port: ${secure.port}, tls: { ca: [open(${JSON.stringify(certs.files.caCert)})] } } });
const plain = new redis.Client('rediss://localhost:${secure.port}');
export const options = { iterations: 1, insecureSkipTLSVerify: ${insecure} };
export default async function () {
  await trusted.set('stampede:tls', 'yes', 0);
  const got = await trusted.get('stampede:tls');
  let outcome = '';
  try { outcome = await plain.get('stampede:tls'); } catch (e) { outcome = String(e.message); }
  check(null, {
    'trusted CA works': () => got === 'yes',
    ${insecure
    ? `'insecureSkipTLSVerify accepts it': () => outcome === 'yes'`
    : `'untrusted certificate refused': () => outcome.includes(${JSON.stringify(`cannot connect to localhost:${secure.port}`)}) && /certificate/.test(outcome)`},
  });
}
`;
    for (const insecure of [false, true]) {
      const r = await runScript(script(insecure));
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.summary.metrics.checks.fails, 0, r.stdout + r.stderr);
      assert.equal(r.summary.metrics.checks.passes, 2);
    }
  } finally {
    await secure.stop();
  }
});
