/**
 * The Redis probe source against a real redis-server: a numeric command
 * follows a list as it changes, an INFO field matches what the server
 * reports, BullMQ counts match the bullmq package's own getJobCounts while
 * a real Worker drains the queue, and a down, silent or restarted server
 * gives prompt, secret-free errors and recovers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { rm } from 'node:fs/promises';
import { createClient } from 'redis';
import { Queue, Worker } from 'bullmq';
import { openRedisProbe, parseInfo } from '../src/probes/sources/redis.ts';
import type { ProbeReading, ProbeSource } from '../src/probes/types.ts';
import { requireRedisServer, startRedisServer } from './helpers/redis-server.ts';
import { makeTestCerts } from './helpers/certs.ts';
import type { RedisServer } from './helpers/redis-server.ts';
import { freePort } from './helpers/target.ts';

const TEST_TIMEOUT = 30_000;
const CONNECT_TIMEOUT = 2_000;

let server: RedisServer | undefined;

before(async () => { requireRedisServer(); server = await startRedisServer(); });
after(async () => { await server?.stop(); });

const openDirect = () => createClient({ url: server!.url, RESP: 2, socket: { reconnectStrategy: false } });

/** Seeds and verifies with node-redis directly, not through the probe. */
async function direct<T>(fn: (c: ReturnType<typeof openDirect>) => Promise<T>): Promise<T> {
  const c = openDirect();
  c.on('error', () => { /* surfaces through the awaited call */ });
  await c.connect();
  try { return await fn(c); } finally { await c.close(); }
}

const read = (probe: ProbeSource, ms = 5_000) => probe.read(AbortSignal.timeout(ms));

/** Runs `fn` with a probe, closing it however `fn` ends. */
async function withProbe<T>(spec: Parameters<typeof openRedisProbe>[0], fn: (p: ProbeSource) => Promise<T>): Promise<T> {
  const probe = await openRedisProbe(spec, { connectTimeoutMs: CONNECT_TIMEOUT });
  try { return await fn(probe); } finally { await probe.close(); }
}

test('LLEN follows a list as items are pushed and popped', { timeout: TEST_TIMEOUT }, async () => {
  await direct((c) => c.del('jobs'));
  await withProbe({ kind: 'redis', url: server!.url, command: ['LLEN', 'jobs'] }, async (probe) => {
    assert.deepEqual(await read(probe), [{ value: 0 }]);
    await direct((c) => c.rPush('jobs', ['a', 'b', 'c', 'd', 'e']));
    assert.deepEqual(await read(probe), [{ value: 5 }]);
    await direct(async (c) => { await c.lPop('jobs'); await c.lPop('jobs'); await c.rPush('jobs', 'f'); });
    assert.deepEqual(await read(probe), [{ value: 4 }]);
  });
});

test('GET of a counter: numeric text is a number, a missing key is 0, other text and arrays reject', { timeout: TEST_TIMEOUT }, async () => {
  await direct(async (c) => { await c.del(['hits', 'greeting', 'items']); await c.set('greeting', 'hello'); await c.rPush('items', ['x', 'y']); });
  await withProbe({ kind: 'redis', url: server!.url, command: ['GET', 'hits'] }, async (probe) => {
    assert.deepEqual(await read(probe), [{ value: 0 }]);
    await direct((c) => c.incrBy('hits', 42));
    assert.deepEqual(await read(probe), [{ value: 42 }]);
  });
  await withProbe({ kind: 'redis', url: server!.url, command: ['GET', 'greeting'] }, async (probe) => {
    await assert.rejects(read(probe), /redis command GET greeting returned the text "hello", not a number/);
  });
  await withProbe({ kind: 'redis', url: server!.url, command: ['LRANGE', 'items', '0', '-1'] }, async (probe) => {
    await assert.rejects(read(probe), /redis command LRANGE items 0 -1 returned an array \(2 items\), not a number/);
  });
  await withProbe({ kind: 'redis', url: server!.url, command: ['LLEN', 'greeting'] }, async (probe) => {
    await assert.rejects(read(probe), /redis command LLEN greeting failed: WRONGTYPE/);
  });
});

test('INFO memory.used_memory matches what INFO memory reports; a missing field names itself', { timeout: TEST_TIMEOUT }, async () => {
  const reported = Number(parseInfo(await direct((c) => c.info('memory'))).get('used_memory'));
  assert.ok(reported > 0, `INFO memory reported used_memory=${reported}`);
  await withProbe({ kind: 'redis', url: server!.url, info: 'memory.used_memory' }, async (probe) => {
    const [reading] = await read(probe);
    assert.ok(reading.value > reported / 2 && reading.value < reported * 2, `probe read ${reading.value}, INFO said ${reported}`);
  });
  await withProbe({ kind: 'redis', url: server!.url, info: 'used_memory' }, async (probe) => {
    const [reading] = await read(probe);
    assert.ok(reading.value > reported / 2 && reading.value < reported * 2, `probe read ${reading.value}, INFO said ${reported}`);
  });
  await withProbe({ kind: 'redis', url: server!.url, info: 'memory.used_memry' }, async (probe) => {
    await assert.rejects(read(probe), /redis INFO memory has no field "used_memry" \(it has used_memory, /);
  });
  await withProbe({ kind: 'redis', url: server!.url, info: 'memory.used_memory_human' }, async (probe) => {
    await assert.rejects(read(probe), /field used_memory_human is ".*", not a number/);
  });
});

/** The probe's readings as { state: count }. */
const byState = (readings: ProbeReading[]) => Object.fromEntries(readings.map((r) => [r.tags!.state, r.value]));

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('BullMQ counts equal Queue.getJobCounts before and after a real Worker drains the queue', { timeout: 60_000 }, async () => {
  const connection = { host: '127.0.0.1', port: server!.port };
  const name = 'emails';
  const queue = new Queue(name, { connection });
  let worker: Worker | undefined;
  try {
    await queue.obliterate({ force: true });
    for (let i = 0; i < 3; i++) await queue.add('send', { i, fail: i === 0 });
    await queue.add('later', { i: 3 }, { delay: 60_000 });
    await queue.add('later', { i: 4 }, { delay: 60_000 });
    await queue.add('urgent', { i: 5 }, { priority: 1 });

    await withProbe({ kind: 'redis', url: server!.url, bullmq: name }, async (probe) => {
      const before = byState(await read(probe));
      assert.deepEqual(before, await queue.getJobCounts());
      assert.equal(before.waiting, 3);
      assert.equal(before.delayed, 2);
      assert.equal(before.prioritized, 1);

      // jobs hold until released, so one is seen active first
      let release!: () => void;
      const released = new Promise<void>((r) => { release = r; });
      worker = new Worker(name, async (job) => { await released; if (job.data.fail) throw new Error('boom'); }, { connection, concurrency: 1 });
      worker.on('error', () => { /* connection noise at shutdown */ });
      await until('one job active', async () => (await queue.getJobCounts('active')).active === 1);
      const during = byState(await read(probe));
      assert.deepEqual(during, await queue.getJobCounts());
      assert.equal(during.active, 1);
      release();
      await until('3 completed, 1 failed', async () => {
        const c = await queue.getJobCounts('completed', 'failed');
        return c.completed === 3 && c.failed === 1;
      });
      await worker.pause();
      const after = byState(await read(probe));
      assert.deepEqual(after, await queue.getJobCounts());
      assert.deepEqual(
        { completed: after.completed, failed: after.failed, waiting: after.waiting, delayed: after.delayed, active: after.active },
        { completed: 3, failed: 1, waiting: 0, delayed: 2, active: 0 },
      );

      // a paused queue: new jobs wait where getJobCounts looks for them too
      await queue.pause();
      await queue.add('send', { i: 6 });
      await queue.add('send', { i: 7 });
      const paused = byState(await read(probe));
      assert.deepEqual(paused, await queue.getJobCounts());
      assert.equal(paused.waiting + paused.paused, 2);
    });

    // another prefix is another queue: nothing there
    await withProbe({ kind: 'redis', url: server!.url, bullmq: name, prefix: 'other' }, async (probe) => {
      assert.ok((await read(probe)).every((r) => r.value === 0));
    });
  } finally {
    await worker?.close(true);
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
  }
});

test('a down server rejects promptly with the cause and without the password', { timeout: TEST_TIMEOUT }, async () => {
  const port = await freePort();
  await withProbe({ kind: 'redis', url: `redis://:hunter2@127.0.0.1:${port}/0`, command: ['LLEN', 'jobs'] }, async (probe) => {
    const started = Date.now();
    const err: Error = await probe.read(AbortSignal.timeout(CONNECT_TIMEOUT)).then(() => assert.fail('read resolved'), (e: Error) => e);
    assert.ok(Date.now() - started < CONNECT_TIMEOUT + 500, `took ${Date.now() - started} ms`);
    assert.match(err.message, /ECONNREFUSED|connect/);
    assert.match(err.message, /127\.0\.0\.1/);
    assert.doesNotMatch(err.message, /hunter2/);
    assert.doesNotMatch(String(err.stack), /hunter2/);
  });
});

test('a server that accepts but never answers: the read ends when its signal does', { timeout: TEST_TIMEOUT }, async () => {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => { sockets.add(s); s.on('error', () => {}); });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const { port } = silent.address() as net.AddressInfo;
  try {
    const probe = await openRedisProbe({ kind: 'redis', url: `redis://127.0.0.1:${port}`, command: ['PING'] }, { connectTimeoutMs: 10_000 });
    try {
      const started = Date.now();
      await assert.rejects(probe.read(AbortSignal.timeout(300)), /redis redis:\/\/127\.0\.0\.1:\d+: read timed out/);
      assert.ok(Date.now() - started < 1_500, `took ${Date.now() - started} ms`);
    } finally { await probe.close(); }
    // with a password the connect includes AUTH, and the probe's own connect timeout ends it before a longer signal
    const bounded = await openRedisProbe({ kind: 'redis', url: `redis://:hunter2@127.0.0.1:${port}`, command: ['PING'] }, { connectTimeoutMs: 300 });
    try {
      await assert.rejects(bounded.read(AbortSignal.timeout(10_000)),
        (e: Error) => /redis redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: connect timed out after 300 ms/.test(e.message) && !e.message.includes('hunter2'));
    } finally { await bounded.close(); }
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  }
});

test('an aborted signal rejects, and the probe still reads afterwards', { timeout: TEST_TIMEOUT }, async () => {
  await withProbe({ kind: 'redis', url: server!.url, command: ['DBSIZE'] }, async (probe) => {
    const controller = new AbortController();
    controller.abort(new Error('run stopped'));
    await assert.rejects(probe.read(controller.signal), /read aborted \(run stopped\)/);
    const pending = new AbortController();
    const reading = probe.read(pending.signal);
    pending.abort();
    await assert.rejects(reading, /read aborted/);
    assert.equal((await read(probe)).length, 1);
  });
});

test('a server that goes away and comes back: reads fail while it is gone, then succeed again', { timeout: TEST_TIMEOUT }, async () => {
  // a TCP relay on a fixed port stands in for the server, so it can go and come back on the same address
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((inbound) => {
    const outbound = net.connect(server!.port, '127.0.0.1');
    for (const s of [inbound, outbound]) { sockets.add(s); s.on('error', () => {}); s.on('close', () => { inbound.destroy(); outbound.destroy(); }); }
    inbound.pipe(outbound).pipe(inbound);
  });
  const listen = () => new Promise<void>((r) => relay.listen(port, '127.0.0.1', r));
  const stopRelay = () => { for (const s of sockets) s.destroy(); sockets.clear(); return new Promise<void>((r) => relay.close(() => r())); };
  await listen();
  try {
    await withProbe({ kind: 'redis', url: `redis://127.0.0.1:${port}`, command: ['DBSIZE'] }, async (probe) => {
      assert.equal((await read(probe)).length, 1);
      await stopRelay();
      await assert.rejects(read(probe, CONNECT_TIMEOUT), /ECONNREFUSED|closed|connect/);
      await assert.rejects(read(probe, CONNECT_TIMEOUT), /ECONNREFUSED/);
      await listen();
      assert.equal((await read(probe)).length, 1);
    });
  } finally {
    if (relay.listening) await stopRelay();
  }
});

test('the db number in the URL selects the database', { timeout: TEST_TIMEOUT }, async () => {
  await direct(async (c) => { await c.select(5); await c.flushDb(); await c.rPush('db5-jobs', ['a', 'b']); });
  await withProbe({ kind: 'redis', url: `${server!.url}/5`, command: ['LLEN', 'db5-jobs'] }, async (probe) => {
    assert.deepEqual(await read(probe), [{ value: 2 }]);
  });
  await withProbe({ kind: 'redis', url: `${server!.url}/0`, command: ['LLEN', 'db5-jobs'] }, async (probe) => {
    assert.deepEqual(await read(probe), [{ value: 0 }]);
  });
});

test('rediss:// speaks TLS and verifies the certificate (a test CA nobody trusts is refused)', { timeout: TEST_TIMEOUT }, async () => {
  const certs = await makeTestCerts();
  const secure = await startRedisServer({ tls: { certFile: certs.files.serverCert, keyFile: certs.files.serverKey } });
  try {
    await withProbe({ kind: 'redis', url: `rediss://:hunter2@127.0.0.1:${secure.port}`, command: ['DBSIZE'] }, async (probe) => {
      await assert.rejects(read(probe, CONNECT_TIMEOUT),
        (e: Error) => /certificate|self.signed|issuer/i.test(e.message) && !e.message.includes('hunter2'));
    });
  } finally {
    await secure.stop();
    await rm(certs.dir, { recursive: true, force: true });
  }
});

test('malformed specs reject when the probe is opened', { timeout: TEST_TIMEOUT }, async () => {
  await assert.rejects(openRedisProbe({ kind: 'redis', url: 'http://:hunter2@h:1', command: ['PING'] }, { connectTimeoutMs: 100 }),
    (e: Error) => /must start with redis:\/\/ or rediss:\/\//.test(e.message) && !e.message.includes('hunter2'));
  await assert.rejects(openRedisProbe({ kind: 'redis', url: 'redis://h', command: [] }, { connectTimeoutMs: 100 }), /command must name a command/);
});

test('close never throws, also twice and on a probe that never connected; reads after close reject', { timeout: TEST_TIMEOUT }, async () => {
  const probe = await openRedisProbe({ kind: 'redis', url: server!.url, command: ['PING'] }, { connectTimeoutMs: CONNECT_TIMEOUT });
  await probe.close();
  const used = await openRedisProbe({ kind: 'redis', url: server!.url, command: ['DBSIZE'] }, { connectTimeoutMs: CONNECT_TIMEOUT });
  await read(used);
  await used.close();
  await used.close();
  await assert.rejects(read(used), /probe is closed/);
});
