/**
 * Chaos drills through the CLI (issue #17): a fault proxy declared in the
 * script in front of a local target, a fault window on the run's clock,
 * every sample inside it tagged `fault=<name>` (checked sample by sample
 * against the window's edges), chaos_fault marking the window, the CHAOS
 * summary block, recovery_time and thresholds on the fault's submetrics;
 * an exec step refused without --allow-exec and a proxy port already taken
 * both exit 104 before anything runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { scriptDir, stampede } from './helpers/cli.ts';
import { freePort, startTarget } from './helpers/target.ts';

interface Point { type: string; metric: string; data: { time: string; value: number; tags: Record<string, string> } }

/** The Point lines of a --out json file. */
async function readPoints(file: string): Promise<Point[]> {
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Point).filter((p) => p.type === 'Point');
}

test('a down window on the proxy: samples inside it carry fault=outage, exactly; chaos_fault marks it; recovery_time and the CHAOS block follow', { timeout: 60_000 }, async () => {
  const target = await startTarget();
  const port = await freePort();
  try {
    const upstream = new URL(target.url).host;
    const dir = await scriptDir({
      's.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = {
  scenarios: { load: { executor: 'constant-vus', vus: 2, duration: '7s' } },
  proxies: { api: { listen: '127.0.0.1:${port}', upstream: '${upstream}' } },
  chaos: { outage: { at: '2s', duration: '1500ms', proxy: 'api', fault: { type: 'down' }, recovery: { window: '2s' } } },
  thresholds: {
    'http_req_failed{fault:outage}': ['rate>0.9'],
    'http_req_failed': ['rate<0.5'],
    'recovery_time{fault:outage}': ['max<4000'],
  },
};
export default function () { http.get('http://127.0.0.1:${port}/'); sleep(0.05); }
`,
    });
    const points = path.join(dir, 'points.ndjson');
    const r = await stampede(['run', '--out', `json=${points}`, '--summary-export', path.join(dir, 's.json'), path.join(dir, 's.js')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const all = await readPoints(points);
    const marks = all.filter((p) => p.metric === 'chaos_fault');
    assert.deepEqual(marks.map((p) => [p.data.value, p.data.tags.fault]), [[1, 'outage'], [0, 'outage']]);
    const [opened, closed] = marks.map((p) => Date.parse(p.data.time));
    assert.ok(closed - opened >= 1490 && closed - opened < 1700, `window ${closed - opened} ms`);

    // every request sample: tagged exactly when it was recorded inside the window (a few ms of slack for the bit flip)
    const requests = all.filter((p) => p.metric === 'http_req_failed');
    const inside = requests.filter((p) => p.data.tags.fault === 'outage');
    const outside = requests.filter((p) => p.data.tags.fault === undefined);
    assert.equal(inside.length + outside.length, requests.length);
    assert.ok(inside.length >= 10 && outside.length >= 50, `${inside.length} inside, ${outside.length} outside`);
    for (const p of inside) { const t = Date.parse(p.data.time); assert.ok(t >= opened - 5 && t <= closed + 5, `tagged at ${t - opened} ms`); }
    for (const p of outside) { const t = Date.parse(p.data.time); assert.ok(t <= opened + 5 || t >= closed - 5, `untagged at ${t - opened} ms`); }
    assert.ok(inside.every((p) => p.data.value === 1), 'the proxy was down: every request inside failed');
    assert.ok(outside.filter((p) => Date.parse(p.data.time) > closed + 500).every((p) => p.data.value === 0), 'back after the window');

    const recovery = all.filter((p) => p.metric === 'recovery_time');
    assert.equal(recovery.length, 1);
    assert.equal(recovery[0].data.tags.fault, 'outage');
    assert.ok(recovery[0].data.value >= 0 && recovery[0].data.value < 4000, `recovery ${recovery[0].data.value}`);

    const summary = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8'));
    assert.equal(summary.metrics['http_req_failed{fault:outage}'].thresholds['rate>0.9'], false, 'threshold passed (k6 export: false = not failed)');
    assert.match(r.stdout, /█ CHAOS[\s\S]*outage {2}api down, 2s → 3\.\d+s[\s\S]*during +\d+ +100\.00%[\s\S]*recovered [\d.]+m?s after the fault \(recovery_time\)/);
  } finally {
    await target.close();
  }
});

test('an exec step without --allow-exec, and a proxy port already taken, exit 104 before anything runs', { timeout: 60_000 }, async () => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as net.AddressInfo).port;
  try {
    const dir = await scriptDir({
      'exec.js': `export const options = { iterations: 1, chaos: { flush: { at: '0s', exec: 'echo flushed' } } };
export default function () {}
`,
      'taken.js': `export const options = { iterations: 1, proxies: { api: { listen: '127.0.0.1:${port}', upstream: '127.0.0.1:1' } } };
export default function () {}
`,
    });
    const refused = await stampede(['run', path.join(dir, 'exec.js')]);
    assert.equal(refused.code, 104, refused.stderr);
    assert.match(refused.stderr, /chaos\.flush\.exec: runs a command on this machine/);
    assert.match(refused.stderr, /--allow-exec/);
    const allowed = await stampede(['run', '--allow-exec', path.join(dir, 'exec.js')]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /chaos flush: flushed/);
    const busy = await stampede(['run', path.join(dir, 'taken.js')]);
    assert.equal(busy.code, 104, busy.stderr);
    assert.match(busy.stderr, new RegExp(`proxies\\.api: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
    assert.doesNotMatch(busy.stdout, /iterations/, 'no test ran');
  } finally {
    taken.close();
  }
});

test('stampede/chaos: a chaos scenario opens a fault itself; its window is tagged and measured like a planned one; an unknown proxy is a script error', { timeout: 60_000 }, async () => {
  const target = await startTarget();
  const port = await freePort();
  try {
    const dir = await scriptDir({
      's.js': `import http from 'k6/http';
import { sleep } from 'k6';
import chaos from 'stampede/chaos';
export const options = {
  scenarios: {
    load: { executor: 'constant-vus', vus: 2, duration: '5s' },
    drill: { executor: 'shared-iterations', iterations: 1, vus: 1, startTime: '1500ms', exec: 'drill' },
  },
  proxies: { api: { listen: '127.0.0.1:${port}', upstream: '${new URL(target.url).host}' } },
};
export default function () { http.get('http://127.0.0.1:${port}/'); sleep(0.05); }
export async function drill() {
  const started = Date.now();
  await chaos.inject('api', { type: 'down' }, { duration: '1s', name: 'scripted' });
  console.log('inject resolved after ' + (Date.now() - started) + ' ms');
  try { await chaos.inject('nope', { type: 'down' }); } catch (e) { console.log('refused: ' + e.message); }
}
`,
    });
    const points = path.join(dir, 'points.ndjson');
    const r = await stampede(['run', '--out', `json=${points}`, path.join(dir, 's.js')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const waited = Number(/inject resolved after (\d+) ms/.exec(r.stderr)?.[1]);
    assert.ok(waited >= 990 && waited < 1500, `inject() resolved when the window closed: ${waited} ms`);
    assert.match(r.stderr, /refused: no proxy "nope" in options\.proxies \(there are api\)/);
    const all = await readPoints(points);
    assert.deepEqual(all.filter((p) => p.metric === 'chaos_fault').map((p) => [p.data.value, p.data.tags.fault]), [[1, 'scripted'], [0, 'scripted']]);
    const inside = all.filter((p) => p.metric === 'http_req_failed' && p.data.tags.fault === 'scripted');
    assert.ok(inside.length >= 5 && inside.every((p) => p.data.value === 1), `${inside.length} requests inside the window, all failed`);
    assert.equal(all.filter((p) => p.metric === 'recovery_time' && p.data.tags.fault === 'scripted').length, 1);
  } finally {
    await target.close();
  }
});

test('--chaos-api: a Toxiproxy client drives the run\'s proxies while it runs; its toxic shows in the latencies', { timeout: 60_000 }, async () => {
  const { Toxiproxy } = await import('toxiproxy-node-client');
  const target = await startTarget();
  const [port, apiPort] = [await freePort(), await freePort()];
  try {
    const dir = await scriptDir({
      's.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = {
  scenarios: { load: { executor: 'constant-vus', vus: 1, duration: '5s' } },
  proxies: { api: { listen: '127.0.0.1:${port}', upstream: '${new URL(target.url).host}' } },
};
export default function () { http.get('http://127.0.0.1:${port}/'); sleep(0.05); }
`,
    });
    const points = path.join(dir, 'points.ndjson');
    const run = stampede(['run', '--chaos-api', `127.0.0.1:${apiPort}`, '--out', `json=${points}`, path.join(dir, 's.js')]);
    const toxiproxy = new Toxiproxy(`http://127.0.0.1:${apiPort}`);
    let proxy;
    for (let i = 0; i < 200 && !proxy; i++) proxy = await toxiproxy.get('api').catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 50)));
    assert.ok(proxy, 'the run\'s proxy is on the API');
    await new Promise((r) => setTimeout(r, 500));
    const added = Date.now();
    const toxic = await proxy.addToxic({ name: 'slow', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 300, jitter: 0 } } as never);
    await new Promise((r) => setTimeout(r, 1500));
    // a response held by the toxic when it goes is released at once: only requests that ended before count
    const removing = Date.now();
    await toxic.remove();
    const removed = Date.now();
    const r = await run;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const durations = (await readPoints(points))
      .filter((p) => p.metric === 'http_req_duration').map((p) => ({ t: Date.parse(p.data.time), v: p.data.value }));
    const slowed = durations.filter((d) => d.t > added + 400 && d.t < removing);
    const after = durations.filter((d) => d.t > removed + 400);
    assert.ok(slowed.length >= 2 && slowed.every((d) => d.v >= 295), `while the toxic was on: ${slowed.map((d) => d.v.toFixed(0)).join(', ')} ms`);
    assert.ok(after.length >= 5 && after.every((d) => d.v < 100), 'fast again once the client removed it');
  } finally {
    await target.close();
  }
});

test('recovery_time measures a known recovery: a target that answers 503 for 2 s after its outage recovers in about 2 s', { timeout: 60_000 }, async () => {
  // the target is cold after a gap in its traffic (the proxy was down): for WARM_MS it answers 503
  const WARM_MS = 2000;
  let last = 0;
  let warmUntil = 0;
  const target = await startTarget({
    '/': (_req, res) => {
      const now = Date.now();
      if (last !== 0 && now - last > 500) warmUntil = now + WARM_MS;
      last = now;
      res.statusCode = now < warmUntil ? 503 : 200;
      res.end();
    },
  });
  const port = await freePort();
  try {
    const dir = await scriptDir({
      's.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = {
  scenarios: { load: { executor: 'constant-vus', vus: 2, duration: '9s' } },
  proxies: { api: { listen: '127.0.0.1:${port}', upstream: '${new URL(target.url).host}' } },
  chaos: { outage: { at: '2s', duration: '1s', proxy: 'api', fault: { type: 'down' }, recovery: { window: '1s' } } },
};
export default function () { http.get('http://127.0.0.1:${port}/'); sleep(0.02); }
`,
    });
    const points = path.join(dir, 'points.ndjson');
    const r = await stampede(['run', '--out', `json=${points}`, path.join(dir, 's.js')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const recovery = (await readPoints(points))
      .filter((p) => p.metric === 'recovery_time');
    assert.equal(recovery.length, 1);
    // the target's 2 s, plus the first request's connect after the window, to the 100 ms batch
    assert.ok(recovery[0].data.value >= 1900 && recovery[0].data.value <= 3000, `recovery ${recovery[0].data.value} ms for a 2000 ms warm-up`);
    console.log(`# recovery_time ${recovery[0].data.value} ms for a 2000 ms warm-up`);
  } finally {
    await target.close();
  }
});

test('an upstream killed mid-run loses no samples: every request the VUs made is counted, failed or not', { timeout: 60_000 }, async () => {
  const target = await startTarget();
  const port = await freePort();
  try {
    const dir = await scriptDir({
      's.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = {
  scenarios: { load: { executor: 'constant-vus', vus: 2, duration: '4s' } },
  proxies: { api: { listen: '127.0.0.1:${port}', upstream: '${new URL(target.url).host}' } },
};
export default function () { http.get('http://127.0.0.1:${port}/'); sleep(0.05); }
`,
    });
    const points = path.join(dir, 'points.ndjson');
    const run = stampede(['run', '--out', `json=${points}`, '--summary-export', path.join(dir, 's.json'), path.join(dir, 's.js')]);
    while (target.total() < 20) await new Promise((r) => setTimeout(r, 20));
    await target.close();
    const served = target.total();
    const r = await run;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const reqs = (await readPoints(points))
      .filter((p) => p.metric === 'http_req_failed');
    const summary = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8'));
    assert.equal(summary.metrics.http_reqs.count, reqs.length, 'the summary counts every request sample the output got');
    const ok = reqs.filter((p) => p.data.value === 0).length;
    // a request the target had read when it was killed may have lost its answer (up to one per VU)
    assert.ok(ok <= served && ok >= served - 2, `${ok} successes for ${served} requests the target read`);
    assert.ok(reqs.length - ok > 10, 'the requests after the kill are failures, not lost');
  } finally {
    await target.close().catch(() => {});
  }
});

test("a probe's drain tied to a fault (drain.after) is timed from the fault's end, during the load", { timeout: 60_000 }, async () => {
  const { startRedisServer, requireRedisServer } = await import('./helpers/redis-server.ts');
  requireRedisServer();
  const redis = await startRedisServer();
  const target = await startTarget();
  const port = await freePort();
  try {
    const { createClient } = await import('redis');
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.rPush('stuck', ['a', 'b']);
    await client.quit();
    const dir = await scriptDir({
      's.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = {
  scenarios: { load: { executor: 'constant-vus', vus: 1, duration: '6s' } },
  proxies: { api: { listen: '127.0.0.1:${port}', upstream: '${new URL(target.url).host}' } },
  chaos: { outage: { at: '1s', duration: '1s', proxy: 'api', fault: { type: 'down' } } },
  probes: {
    empty: { redis: '${redis.url}', command: ['LLEN', 'nothing'], every: '200ms', drain: { until: 'value == 0', after: 'outage', timeout: '10s' } },
    stuck: { redis: '${redis.url}', command: ['LLEN', 'stuck'], every: '200ms', drain: { until: 'value == 0', after: 'outage', timeout: '1s' } },
  },
};
export default function () { http.get('http://127.0.0.1:${port}/'); sleep(0.05); }
`,
    });
    const points = path.join(dir, 'points.ndjson');
    const r = await stampede(['run', '--out', `json=${points}`, path.join(dir, 's.js')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const all = await readPoints(points);
    const closed = Date.parse(all.find((p) => p.metric === 'chaos_fault' && p.data.value === 0)!.data.time);
    const loadEnd = Math.max(...all.filter((p) => p.metric === 'iteration_duration').map((p) => Date.parse(p.data.time)));
    const empty = all.filter((p) => p.metric === 'probe_empty_drain');
    const stuck = all.filter((p) => p.metric === 'probe_stuck_drain');
    assert.equal(empty.length, 1);
    assert.deepEqual(empty[0].data.tags, { probe: 'empty', drained: 'true', after: 'outage' });
    assert.ok(empty[0].data.value <= 400, `drained ${empty[0].data.value} ms after the fault: the next read`);
    assert.ok(Date.parse(empty[0].data.time) < loadEnd, 'recorded during the load');
    assert.equal(stuck.length, 1);
    assert.deepEqual(stuck[0].data.tags, { probe: 'stuck', drained: 'false', after: 'outage' });
    assert.ok(Math.abs(Date.parse(stuck[0].data.time) - (closed + 1000)) < 150, 'timed out 1 s after the fault, not after the load');
    assert.match(r.stderr, /probe stuck: did not reach value == 0 within 1\.0s of the end of outage/);
  } finally {
    await target.close();
    await redis.stop();
  }
});
