/**
 * Service probes through the CLI (issue #16), on a real redis-server: a
 * list drained at a known rate while the load runs, read on the run's
 * clock into the JSON output and the summary export, its drain after the
 * load timed and gated by thresholds; a probe whose server is down warns,
 * counts probe_errors and lets the run go on, or with --probes-required
 * stops it before the start (exit 104) without printing the password.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { createClient } from 'redis';
import { scriptDir, stampede } from './helpers/cli.ts';
import { requireRedisServer, startRedisServer, type RedisServer } from './helpers/redis-server.ts';
import { freePort } from './helpers/target.ts';

let server: RedisServer | undefined;
before(async () => { requireRedisServer(); server = await startRedisServer(); });
after(async () => { await server?.stop(); });

const ITEMS = 50;
const POP_EVERY_MS = 100;
const PERIOD_MS = 200;

test('a list drained at a known rate: each probe sample equals the list length at that moment (within one period), the drain is timed from the end of the load', { timeout: 60_000 }, async () => {
  const redis = createClient({ url: server!.url, RESP: 2, socket: { reconnectStrategy: false } });
  await redis.connect();
  try {
    await redis.del('jobs');
    await redis.rPush('jobs', Array.from({ length: ITEMS }, (_, i) => `job-${i}`));
    const dir = await scriptDir({
      's.js': `import { sleep } from 'k6';
export const options = {
  scenarios: { load: { executor: 'constant-vus', vus: 1, duration: '2s' } },
  probes: { queue: { redis: __ENV.REDIS_URL, command: ['LLEN', 'jobs'], every: '${PERIOD_MS}ms', timeout: '2s', drain: { until: 'value == 0', timeout: '20s' } } },
  thresholds: { probe_queue: ['value==0', 'max>=30'], probe_queue_drain: ['value<20000'], probe_errors: ['count==0'] },
};
export default function () { sleep(0.1); }
`,
    });
    const points = path.join(dir, 'points.ndjson');
    // what the server holds, by time: the list loses one item every POP_EVERY_MS from the probe's
    // first LLEN (the read before setup), so a slow start-up does not shift the schedule
    const pops: number[] = [];
    const run = stampede(['run', '--quiet', '--out', `json=${points}`, '--summary-export', path.join(dir, 's.json'), '-e', `REDIS_URL=${server!.url}`, path.join(dir, 's.js')]);
    let done = false;
    void run.finally(() => { done = true; });
    while (!done && !/cmdstat_llen:calls=[1-9]/.test(await redis.info('commandstats'))) await new Promise((r) => setTimeout(r, 10));
    const popper = setInterval(() => {
      void redis.lPop('jobs').then((v) => { if (v !== null) pops.push(Date.now()); });
    }, POP_EVERY_MS);
    const r = await run;
    clearInterval(popper);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /PROBES[\s\S]*probe_queue\.+: 0 +start=\d+ +min=0 +max=\d+ +samples=\d+/);
    assert.match(r.stdout, /run [\d.]+s, of which [\d.]+m?s draining after the load \(queue\)/);
    const lengthAt = (t: number) => ITEMS - pops.filter((p) => p <= t).length;

    const samples = (await readFile(points, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l))
      .filter((p) => p.type === 'Point' && p.metric.startsWith('probe_queue'));
    const queue = samples.filter((p) => p.metric === 'probe_queue').map((p) => ({ t: Date.parse(p.data.time), v: p.data.value }));
    assert.ok(queue.length >= 10, `a sample every ${PERIOD_MS} ms over the run: got ${queue.length}`);
    assert.equal(queue[0].v, ITEMS, 'the first read (before setup) sees the full list');
    assert.equal(queue.at(-1)!.v, 0, 'the last read is the drained list');
    for (const s of queue) {
      assert.ok(s.v <= lengthAt(s.t - PERIOD_MS) && s.v >= lengthAt(s.t + PERIOD_MS), `at ${s.t} the probe read ${s.v}; the list held ${lengthAt(s.t)}`);
    }
    const drain = samples.find((p) => p.metric === 'probe_queue_drain');
    assert.ok(drain, 'probe_queue_drain recorded');
    assert.equal(drain.data.tags.drained, 'true');
    const drainedAt = Date.parse(drain.data.time);
    const loadEnd = drainedAt - drain.data.value;
    assert.ok(drain.data.value > 0, 'the list still held jobs when the load ended');
    assert.ok(drainedAt >= pops.at(-1)! - 5 && drainedAt - pops.at(-1)! <= PERIOD_MS + 150, `drain seen ${drainedAt - pops.at(-1)!} ms after the last pop`);
    assert.ok(lengthAt(loadEnd) > 0);

    const summary = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8'));
    assert.equal(summary.metrics.probe_queue.value, 0);
    assert.ok(summary.metrics.probe_queue.max >= 30, JSON.stringify(summary.metrics.probe_queue));
    assert.equal(summary.metrics.probe_queue_drain.value, drain.data.value);
    for (const [, t] of Object.entries(summary.metrics.probe_queue.thresholds as Record<string, boolean>)) assert.equal(t, false, 'thresholds passed');
  } finally {
    await redis.quit();
  }
});

test('a probe whose server is down: one warning, probe_errors counted, the run goes on; --probes-required is exit 104 without the password', { timeout: 60_000 }, async () => {
  const port = await freePort();
  const dir = await scriptDir({
    's.js': `export const options = { iterations: 3 };
export default function () {}
`,
  });
  const url = `redis://:hunter2@127.0.0.1:${port}`;
  const r = await stampede(['run', '--probe', `queue=${url} LLEN jobs`, '--probe-every', '1s', '--summary-export', path.join(dir, 's.json'), path.join(dir, 's.js')]);
  assert.equal(r.code, 0, r.stderr);
  const warnings = r.stderr.split('\n').filter((l) => /probe queue: .*ECONNREFUSED/.test(l));
  assert.equal(warnings.length, 1, r.stderr);
  assert.ok(!r.stderr.includes('hunter2'), 'the password is never printed');
  const summary = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8'));
  assert.ok(summary.metrics.probe_errors.count >= 2, 'the connect and the reads after it are counted');

  const required = await stampede(['run', '--probes-required', '--probe', `queue=${url} LLEN jobs`, path.join(dir, 's.js')]);
  assert.equal(required.code, 104, required.stderr);
  assert.match(required.stderr, /probes\.queue: cannot connect: .*ECONNREFUSED/);
  assert.ok(!required.stderr.includes('hunter2'));
  assert.doesNotMatch(required.stdout, /iterations/, 'no test ran');
});
