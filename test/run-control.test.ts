/**
 * Run control through the REST API (issue #3): pause, resume, scale an
 * externally-controlled scenario and stop it, --paused, bearer tokens and a
 * busy address — measured by what the server counted and the exit codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget, freePort } from './helpers/target.ts';

async function until(what: string, cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Requests the server counts during `ms`. */
async function rate(count: () => number, ms: number): Promise<number> {
  const before = count();
  await sleep(ms);
  return count() - before;
}

test('the REST API pauses and resumes a run, scales externally-controlled from 2 to 10 VUs, and stops it with exit 103', async () => {
  const target = await startTarget();
  try {
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const dir = await scriptDir({
      'ext.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { scenarios: { ext: { executor: 'externally-controlled', vus: 2, maxVUs: 10, duration: '0' } } };
export default function () { http.get('${target.url}/ext'); sleep(0.1); }
`,
    });
    const running = stampede(['run', '--address', address, path.join(dir, 'ext.js')], { timeoutMs: 60_000 });
    const served = () => target.counts.get('/ext') ?? 0;
    await until('the first requests', () => served() > 5);

    const status = await stampede(['status', '--address', address]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /vus: 2\n/);
    assert.match(status.stdout, /vus-max: 10\n/);
    assert.match(status.stdout, /running: true/);

    const at2 = await rate(served, 1000);
    const scaled = await stampede(['scale', '--vus', '10', '--address', address]);
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.match(scaled.stdout, /vus: 10\n/);
    await sleep(300);
    const at10 = await rate(served, 1000);
    assert.ok(at10 > at2 * 3, `2 VUs: ${at2} req/s, 10 VUs: ${at10} req/s`);

    const tooMany = await stampede(['scale', '--vus', '11', '--address', address]);
    assert.notEqual(tooMany.code, 0);
    assert.match(tooMany.stderr, /vus: 11 is more than vus-max 10/);

    const paused = await stampede(['pause', '--address', address]);
    assert.match(paused.stdout, /paused: true/);
    await sleep(400); // iterations under way finish their sleep
    assert.equal(await rate(served, 1000), 0, 'no request while paused');

    const resumed = await stampede(['resume', '--address', address]);
    assert.match(resumed.stdout, /paused: false/);
    await sleep(300);
    assert.ok(await rate(served, 500) > 0, 'requests again after resume');

    const stopped = await stampede(['stop', '--address', address]);
    assert.match(stopped.stdout, /stopped: true/);
    const r = await running;
    assert.equal(r.code, 103, r.stderr);
    assert.match(r.stderr, /test stopped through the REST API/);
    assert.match(r.stdout, /http_reqs\.*: \d+/);
  } finally {
    await target.close();
  }
});

test('--paused starts nothing until resumed; the API serves metrics and setup data; a token is enforced', async () => {
  const target = await startTarget();
  try {
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const dir = await scriptDir({
      'paused.js': `import http from 'k6/http';
export const options = { vus: 1, iterations: 3 };
export function setup() { return { user: 'ada' }; }
export default function () { http.get('${target.url}/p'); }
`,
    });
    const running = stampede(['run', '--paused', '--address', address, '--api-token', 's3cret', path.join(dir, 'paused.js')]);
    let refused = await stampede(['status', '--address', address]);
    for (let i = 0; i < 100 && /cannot reach/.test(refused.stderr); i++) {
      await sleep(100);
      refused = await stampede(['status', '--address', address]);
    }
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /unauthorized/);
    const status = await stampede(['status', '--address', address, '--api-token', 's3cret']);
    assert.match(status.stdout, /paused: true/);
    await sleep(500);
    assert.equal(target.counts.get('/p') ?? 0, 0, 'nothing ran while paused');

    const resumed = await stampede(['resume', '--address', address], { env: { STAMPEDE_API_TOKEN: 's3cret' } });
    assert.equal(resumed.code, 0, resumed.stderr);
    const r = await running;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(target.counts.get('/p'), 3);
  } finally {
    await target.close();
  }
});

test('GET /v1/metrics, /v1/groups and /v1/setup answer in k6 JSON:API shapes while a test runs', async () => {
  const target = await startTarget();
  try {
    const port = await freePort();
    const dir = await scriptDir({
      'api.js': `import http from 'k6/http';
import { group, check, sleep } from 'k6';
export const options = { vus: 1, duration: '3s', thresholds: { http_req_duration: ['p(95)<5000'] } };
export function setup() { return { token: 't-1' }; }
export default function () { group('shop', () => { check(http.get('${target.url}/g'), { 'is 200': (r) => r.status === 200 }); }); sleep(0.1); }
`,
    });
    const running = stampede(['run', '--address', `127.0.0.1:${port}`, path.join(dir, 'api.js')]);
    await until('requests', () => (target.counts.get('/g') ?? 0) > 3);
    const get = async (p: string) => (await fetch(`http://127.0.0.1:${port}${p}`)).json();
    const metric = await get('/v1/metrics/http_reqs');
    assert.equal(metric.data.type, 'metrics');
    assert.equal(metric.data.attributes.type, 'counter');
    assert.ok(metric.data.attributes.sample.count > 0);
    const duration = await get('/v1/metrics/http_req_duration');
    assert.equal(duration.data.attributes.tainted, false);
    const groups = await get('/v1/groups');
    const shop = groups.data.find((g: { attributes: { name: string } }) => g.attributes.name === 'shop');
    assert.equal(shop.attributes.path, '::shop');
    assert.equal(shop.attributes.checks[0].name, 'is 200');
    assert.ok(shop.attributes.checks[0].passes > 0);
    const setup = await get('/v1/setup');
    assert.deepEqual(setup.data.attributes.data, { token: 't-1' });
    const r = await running;
    assert.equal(r.code, 0, r.stderr);
  } finally {
    await target.close();
  }
});

test('an address that is taken: exit 106 when asked for with --address', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const { port } = blocker.address() as net.AddressInfo;
  try {
    const dir = await scriptDir({ 'x.js': 'export default function () {}\n' });
    const r = await stampede(['run', '--address', `127.0.0.1:${port}`, path.join(dir, 'x.js')]);
    assert.equal(r.code, 106, r.stderr);
    assert.match(r.stderr, new RegExp(`cannot start the REST API on 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
  } finally {
    await new Promise((r) => blocker.close(r));
  }
});
