/**
 * --out statsd / --out datadog on real runs, received by a real UDP
 * listener on 127.0.0.1 (a StatsD agent is nothing more than that): every
 * sample the summary counts arrives as a StatsD line of k6's shape, custom
 * metrics carry their type, DogStatsD tags appear only when enabled and
 * never the blocklisted ones. A bad address exits 104 naming the variable;
 * an agent that is not there costs dropped samples, never the test.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget, type Target } from './helpers/target.ts';

let target: Target;
before(async () => { target = await startTarget(); });
after(async () => { await target.close(); });

const ITERATIONS = 30;

const SCRIPT = `
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
const queueJoin = new Trend('queue_join', true);
const jobs = new Counter('jobs_enqueued');
const backlog = new Gauge('queue_backlog');
const accepted = new Rate('job_accepted');
export const options = {
  vus: 3, iterations: ${ITERATIONS},
  systemTags: ['method', 'status', 'url', 'name', 'scenario', 'check', 'vu', 'iter', 'expected_response'],
};
export default function () {
  const res = http.get(__ENV.TARGET + '/items?page=' + (__ITER % 3));
  check(res, { 'status is 200': (r) => r.status === 200 });
  queueJoin.add(12.5, { queue: 'approvals' });
  jobs.add(2);
  backlog.add(7);
  accepted.add(__ITER % 2 === 0);
}
`;

interface Line { raw: string; name: string; value: number; type: string; tags?: Record<string, string> }

/** Parses `name:value|type[|@rate][|#k:v,…]` the way a DogStatsD agent does. */
function parseLine(raw: string): Line {
  const colon = raw.indexOf(':');
  const [valueText, type, ...rest] = raw.slice(colon + 1).split('|');
  const line: Line = { raw, name: raw.slice(0, colon), value: Number(valueText), type };
  const tagPart = rest.find((r) => r.startsWith('#'));
  if (tagPart) {
    line.tags = {};
    for (const t of tagPart.slice(1).split(',')) {
      const i = t.indexOf(':');
      line.tags[t.slice(0, i)] = t.slice(i + 1);
    }
  }
  return line;
}

/** A StatsD agent: a UDP socket that keeps every line it receives. */
async function startAgent() {
  const socket = dgram.createSocket('udp4');
  const lines: Line[] = [];
  let datagrams = 0;
  let largest = 0;
  socket.on('message', (msg) => {
    datagrams++;
    largest = Math.max(largest, msg.length);
    for (const raw of msg.toString('utf8').split('\n')) if (raw !== '') lines.push(parseLine(raw));
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  try { socket.setRecvBufferSize(4 * 1024 * 1024); } catch { /* the kernel's cap applies */ }
  const { port } = socket.address() as AddressInfo;
  return {
    addr: `127.0.0.1:${port}`,
    lines,
    stats: () => ({ datagrams, largest }),
    close: () => new Promise<void>((r) => socket.close(() => r())),
  };
}

async function run(out: string, env: Record<string, string>) {
  const dir = await scriptDir({ 'script.js': SCRIPT });
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--quiet', '--summary-export', exported, '-e', `TARGET=${target.url}`, '--out', out, path.join(dir, 'script.js')], { env, timeoutMs: 60_000 });
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  return { summary: JSON.parse(await readFile(exported, 'utf8')), stderr: r.stderr };
}

const named = (lines: Line[], name: string) => lines.filter((l) => l.name === name);

test('--out statsd sends every sample as a k6-shaped StatsD line: counts match the summary, custom metrics keep their type, no tags by default', async () => {
  const agent = await startAgent();
  try {
    const { summary, stderr } = await run('statsd', { K6_STATSD_ADDR: agent.addr });
    const { lines } = agent;
    const reqs = summary.metrics.http_reqs.count;
    assert.equal(reqs, ITERATIONS);
    assert.equal(named(lines, 'k6.http_reqs').length, reqs);
    assert.ok(named(lines, 'k6.http_reqs').every((l) => l.raw === 'k6.http_reqs:1|c'), 'http_reqs lines are k6.http_reqs:1|c');
    const durations = named(lines, 'k6.http_req_duration');
    assert.equal(durations.length, reqs);
    assert.ok(durations.every((l) => l.type === 'ms' && l.value >= 0), 'trends are timings (|ms)');
    const avg = durations.reduce((s, l) => s + l.value, 0) / durations.length;
    assert.ok(Math.abs(avg - summary.metrics.http_req_duration.avg) <= summary.metrics.http_req_duration.avg * 0.01 + 0.001,
      `mean of the timings ${avg} matches the summary's avg ${summary.metrics.http_req_duration.avg}`);
    assert.equal(named(lines, 'k6.iterations').length, summary.metrics.iterations.count);
    // custom metrics: Trend → ms, Counter → c, Gauge → g, Rate → c of 1 or 0
    assert.deepEqual([...new Set(named(lines, 'k6.queue_join').map((l) => l.raw))], ['k6.queue_join:12.5|ms']);
    assert.equal(named(lines, 'k6.queue_join').length, ITERATIONS);
    assert.deepEqual([...new Set(named(lines, 'k6.jobs_enqueued').map((l) => l.raw))], ['k6.jobs_enqueued:2|c']);
    assert.equal(named(lines, 'k6.jobs_enqueued').reduce((s, l) => s + l.value, 0), summary.metrics.jobs_enqueued.count);
    assert.deepEqual([...new Set(named(lines, 'k6.queue_backlog').map((l) => l.raw))], ['k6.queue_backlog:7|g']);
    const rate = named(lines, 'k6.job_accepted');
    assert.equal(rate.length, ITERATIONS);
    assert.ok(rate.every((l) => l.type === 'c' && (l.value === 0 || l.value === 1)));
    assert.equal(rate.filter((l) => l.value === 1).length, summary.metrics.job_accepted.passes);
    // checks as k6 sent them: a count per check and outcome
    assert.equal(named(lines, 'k6.check.status is 200.pass').length, summary.metrics.checks.passes);
    assert.equal(summary.metrics.checks.passes, ITERATIONS);
    assert.ok(lines.every((l) => l.tags === undefined), 'no tags unless K6_STATSD_ENABLE_TAGS=true');
    assert.ok(lines.every((l) => l.name.startsWith('k6.')), 'every name carries the k6. namespace');
    // packed: at most 20 lines (K6_STATSD_BUFFER_SIZE) and 1432 bytes per datagram
    const { datagrams, largest } = agent.stats();
    assert.ok(datagrams >= Math.ceil(lines.length / 20) && datagrams < lines.length, `${lines.length} lines in ${datagrams} datagrams`);
    assert.ok(largest <= 1432, `largest datagram ${largest} B`);
    assert.doesNotMatch(stderr, /dropped/);
  } finally {
    await agent.close();
  }
});

test('K6_STATSD_ENABLE_TAGS=true adds DogStatsD tags without the blocklisted vu, iter and url; K6_STATSD_NAMESPACE and BUFFER_SIZE apply', async () => {
  const agent = await startAgent();
  try {
    const { summary } = await run('statsd', { K6_STATSD_ADDR: agent.addr, K6_STATSD_ENABLE_TAGS: 'true', K6_STATSD_NAMESPACE: 'load.', K6_STATSD_BUFFER_SIZE: '5' });
    const reqs = named(agent.lines, 'load.http_reqs');
    assert.equal(reqs.length, summary.metrics.http_reqs.count);
    for (const l of reqs) {
      assert.match(l.raw, /^load\.http_reqs:1\|c\|#/);
      assert.equal(l.tags!.method, 'GET');
      assert.equal(l.tags!.status, '200');
      assert.equal(l.tags!.scenario, 'default');
      assert.equal(l.tags!.expected_response, 'true');
      assert.match(l.tags!.name, /\/items\?page=\d$/);
      for (const blocked of ['vu', 'iter', 'url']) assert.equal(l.tags![blocked], undefined, `${blocked} is blocklisted`);
    }
    const custom = named(agent.lines, 'load.queue_join');
    assert.equal(custom.length, 30);
    assert.ok(custom.every((l) => l.tags!.queue === 'approvals'));
    assert.ok(agent.lines.every((l) => l.tags?.vu === undefined && l.tags?.iter === undefined && l.tags?.url === undefined));
    const { datagrams } = agent.stats();
    assert.ok(datagrams >= Math.ceil(agent.lines.length / 5), `${agent.lines.length} lines in ${datagrams} datagrams of at most 5 lines`);
  } finally {
    await agent.close();
  }
});

test('--out datadog always sends tags, reads k6\'s legacy K6_DATADOG_* names, and K6_STATSD_TAG_BLOCKLIST replaces the default blocklist', async () => {
  const agent = await startAgent();
  try {
    const { summary } = await run('datadog', { K6_DATADOG_ADDR: agent.addr, K6_DATADOG_NAMESPACE: 'dd.', K6_STATSD_TAG_BLOCKLIST: 'name,iter' });
    const reqs = named(agent.lines, 'dd.http_reqs');
    assert.equal(reqs.length, summary.metrics.http_reqs.count);
    for (const l of reqs) {
      assert.equal(l.tags!.method, 'GET');
      assert.equal(l.tags!.status, '200');
      assert.match(l.tags!.url, /\/items\?page=\d$/, 'url is no longer blocked');
      assert.equal(l.tags!.name, undefined);
      assert.equal(l.tags!.iter, undefined);
    }
    const checks = named(agent.lines, 'dd.check.status is 200.pass');
    assert.equal(checks.length, summary.metrics.checks.passes);
    assert.ok(checks.every((l) => l.tags!.check === 'status is 200'));
  } finally {
    await agent.close();
  }
});

test('a K6_STATSD_ADDR that is not host:port stops the run before it starts (exit 104), naming the variable', async () => {
  const dir = await scriptDir({ 'script.js': 'export default function () {}' });
  const r = await stampede(['run', '--out', 'statsd', path.join(dir, 'script.js')], { env: { K6_STATSD_ADDR: 'nohost' }, timeoutMs: 30_000 });
  assert.equal(r.code, 104, r.stderr);
  assert.match(r.stderr + r.stdout, /K6_STATSD_ADDR: "nohost" is not a valid address: missing port/);
  const bad = await stampede(['run', '--out', 'datadog', path.join(dir, 'script.js')], { env: { K6_STATSD_PUSH_INTERVAL: 'soon', K6_STATSD_BUFFER_SIZE: '0' }, timeoutMs: 30_000 });
  assert.equal(bad.code, 104, bad.stderr);
  assert.match(bad.stderr + bad.stdout, /K6_STATSD_PUSH_INTERVAL: "soon"/);
  assert.match(bad.stderr + bad.stdout, /K6_STATSD_BUFFER_SIZE: "0"/);
});

test('an agent that is not listening costs dropped samples, reported at the end, never the test', async () => {
  const agent = await startAgent();
  const addr = agent.addr;
  await agent.close(); // the port now answers ICMP port unreachable
  const { summary, stderr } = await run('statsd', { K6_STATSD_ADDR: addr });
  assert.equal(summary.metrics.http_reqs.count, ITERATIONS);
  assert.match(stderr, /WARN\[\d+\] output statsd \(127\.0\.0\.1:\d+\) dropped \d+ samples \(last error: UDP send to the StatsD agent failed: ECONNREFUSED\)/);
});
