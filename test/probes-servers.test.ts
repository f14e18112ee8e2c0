/**
 * Service probes through a whole `stampede run`, against real servers: a
 * PostgreSQL table changed on a known schedule while the run reads it (one
 * series per state, equal to what the table held within one period); a real
 * Prometheus answering a query about a series this test writes, and about
 * the run's own gauge written with --out experimental-prometheus-rw (each
 * reading equal to what Prometheus answers for the same query at that time);
 * an http probe declared only in `--probe @probes.json` for a plain k6
 * script, its PROBES block in the text summary; a probe kept in the history
 * and shown by `stampede compare`; and Ctrl-C while a drain waits on a redis
 * list that never empties.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';
import { ROOT, scriptDir, stampede } from './helpers/cli.ts';
import { requirePostgres, startPostgres, type PostgresServer } from './helpers/postgres-server.ts';
import { requirePrometheus, startPrometheus, type PrometheusServer } from './helpers/prometheus-server.ts';
import { requireRedisServer, startRedisServer, type RedisServer } from './helpers/redis-server.ts';
import { encodeWriteBody } from '../src/outputs/prometheus-rw/write-request.ts';

let postgres: PostgresServer | undefined;
let prom: PrometheusServer | undefined;
let redis: RedisServer | undefined;

before(async () => {
  requirePostgres();
  requirePrometheus();
  requireRedisServer();
  [postgres, prom, redis] = await Promise.all([startPostgres(), startPrometheus(), startRedisServer()]);
});
after(async () => { await Promise.all([postgres?.stop(), prom?.stop(), redis?.stop()]); });

interface Point { metric: string; time: number; value: number; tags: Record<string, string> }

/** The --out json file's points of the metrics starting with `prefix`. */
async function pointsOf(file: string, prefix: string): Promise<Point[]> {
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .filter((p) => p.type === 'Point' && p.metric.startsWith(prefix))
    .map((p) => ({ metric: p.metric, time: Date.parse(p.data.time), value: p.data.value, tags: p.data.tags ?? {} }));
}

/** Points of one metric grouped by time: one read of a probe, its series by the tag `tag`. */
function reads(points: Point[], metric: string, tag: string): { time: number; values: Record<string, number> }[] {
  const byTime = new Map<number, Record<string, number>>();
  for (const p of points.filter((x) => x.metric === metric)) {
    const values = byTime.get(p.time) ?? {};
    values[p.tags[tag] ?? ''] = p.value;
    byTime.set(p.time, values);
  }
  return [...byTime].sort((a, b) => a[0] - b[0]).map(([time, values]) => ({ time, values }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

test('postgres: every read of a table changed on a schedule equals what the table held within one period; the summary export has start, min, max, samples', { timeout: 60_000 }, async () => {
  const PERIOD_MS = 250;
  const db = new pg.Client({ connectionString: postgres!.url });
  await db.connect();
  try {
    await db.query('drop table if exists jobs; create table jobs(state text)');
    await db.query("insert into jobs select 'waiting' from generate_series(1, 5)");
    // the table's states as the test changed them: each op with when it was sent and when it had committed
    type Counts = Record<string, number>;
    const history: { before: number; after: number; counts: Counts }[] = [];
    let counts: Counts = { waiting: 5 };
    const OPS: [sql: string, change: (c: Counts) => void][] = [
      ["insert into jobs values ('waiting'), ('waiting')", (c) => { c.waiting += 2; }],
      ["update jobs set state = 'active' where ctid = (select ctid from jobs where state = 'waiting' limit 1)", (c) => { c.waiting--; c.active = (c.active ?? 0) + 1; }],
      ["update jobs set state = 'failed' where ctid = (select ctid from jobs where state = 'active' limit 1)", (c) => { c.active--; c.failed = (c.failed ?? 0) + 1; }],
      ["delete from jobs where ctid = (select ctid from jobs where state = 'failed' limit 1)", (c) => { c.failed--; }],
    ];
    const dir = await scriptDir({
      's.js': `import { sleep } from 'k6';
export const options = {
  scenarios: { load: { executor: 'constant-vus', vus: 1, duration: '3s' } },
  probes: {
    pg_jobs: { postgres: __ENV.DATABASE_URL, query: 'select state, count(*) from jobs group by state', every: '${PERIOD_MS}ms' },
    pg_conns: { postgres: __ENV.DATABASE_URL, query: 'select count(*) from pg_stat_activity' },
  },
  thresholds: { probe_errors: ['count==0'] },
};
export default function () { sleep(0.1); }
`,
    });
    const points = path.join(dir, 'points.ndjson');
    const exported = path.join(dir, 's.json');
    const run = stampede(['run', '--quiet', '--out', `json=${points}`, '--summary-export', exported, '-e', `DATABASE_URL=${postgres!.url}`, path.join(dir, 's.js')]);
    let done = false;
    const finished = run.finally(() => { done = true; });
    let probeConns = 0;
    for (let i = 0; !done; i++) {
      await sleep(180);
      if (done) break;
      const [sql, change] = OPS[i % OPS.length];
      const sent = Date.now();
      await db.query(sql);
      counts = { ...counts };
      change(counts);
      history.push({ before: sent, after: Date.now(), counts });
      const { rows } = await db.query("select count(*)::int as n from pg_stat_activity where application_name = 'stampede-probe'");
      probeConns = Math.max(probeConns, rows[0].n as number);
    }
    const r = await finished;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(history.length >= 12, `the test changed the table ${history.length} times during the run`);
    assert.equal(probeConns, 2, 'each postgres probe has its one connection, named stampede-probe');

    const nonzero = (c: Counts) => Object.fromEntries(Object.entries(c).filter(([, n]) => n !== 0));
    /** every state the table passed through between a and b (an op in flight: both sides) */
    const statesDuring = (a: number, b: number): Counts[] => {
      const out: Counts[] = [];
      let prev: Counts = { waiting: 5 };
      for (const h of history) {
        if (h.after <= a) { prev = h.counts; continue; }
        if (h.before > b) break;
        out.push(prev);
        prev = h.counts;
      }
      out.push(prev);
      return out.map(nonzero);
    };
    const jobs = reads(await pointsOf(points, 'probe_pg_jobs'), 'probe_pg_jobs', 'state');
    assert.ok(jobs.length >= 10, `a read every ${PERIOD_MS} ms over the run: got ${jobs.length}`);
    let exactAtReadTime = 0;
    for (const read of jobs) {
      const possible = statesDuring(read.time - PERIOD_MS, read.time);
      assert.ok(possible.some((c) => JSON.stringify(Object.entries(c).sort()) === JSON.stringify(Object.entries(read.values).sort())),
        `at ${read.time} the probe read ${JSON.stringify(read.values)}; the table held one of ${JSON.stringify(possible)}`);
      if (JSON.stringify(Object.entries(possible.at(-1)!).sort()) === JSON.stringify(Object.entries(read.values).sort())) exactAtReadTime++;
    }
    assert.ok(jobs.some((j) => 'failed' in j.values) && jobs.some((j) => !('failed' in j.values)), 'a state that comes and goes is a series that comes and goes');
    console.log(`postgres: ${jobs.length} reads, ${history.length} table changes; ${exactAtReadTime} reads equal the table at the read's own timestamp, the rest the state just before`);

    const summary = JSON.parse(await readFile(exported, 'utf8'));
    const pointsAll = await pointsOf(points, 'probe_pg_');
    for (const name of ['probe_pg_jobs', 'probe_pg_conns']) {
      const m = summary.metrics[name];
      assert.ok(m, `${name} in the summary export`);
      for (const k of ['value', 'start', 'min', 'max', 'samples']) assert.equal(typeof m[k], 'number', `${name}.${k}: ${JSON.stringify(m)}`);
      const ps = pointsAll.filter((p) => p.metric === name);
      assert.equal(m.samples, ps.length, `${name}.samples is the number of points`);
      assert.equal(m.min, Math.min(...ps.map((p) => p.value)));
      assert.equal(m.max, Math.max(...ps.map((p) => p.value)));
      assert.equal(m.start, ps[0].value);
    }
    // pg_conns at its default 5 s: read before setup and after the load; the probes' connections and this test's are among them
    assert.ok(summary.metrics.probe_pg_conns.samples >= 2);
    assert.ok(summary.metrics.probe_pg_conns.min >= 3, JSON.stringify(summary.metrics.probe_pg_conns));
  } finally {
    await db.end();
  }
});

test('prometheus: readings of a series this test writes, and of the run\'s own gauge written through remote write, equal what Prometheus answers at the same time', { timeout: 60_000 }, async () => {
  const PERIOD_MS = 500;
  const WRITE_EVERY_MS = 300;
  const TOKEN = 's3cret-probe-token';
  const written: { t: number; v: number }[] = [];
  let stopped = false;
  async function write(v: number): Promise<void> {
    const t = Date.now();
    const body = encodeWriteBody([{ labels: [{ name: '__name__', value: 'stampede_probe_test' }, { name: 'src', value: 'test' }], timestamp: t, kind: 'sample', value: v }]);
    const res = await fetch(prom!.writeUrl, { method: 'POST', body: Buffer.from(body), headers: { 'Content-Encoding': 'snappy', 'Content-Type': 'application/x-protobuf', 'X-Prometheus-Remote-Write-Version': '0.1.0' } });
    await res.arrayBuffer();
    assert.ok(res.ok, `remote write answered ${res.status}`);
    written.push({ t, v });
  }
  await write(0);
  const writer = (async () => {
    for (let k = 1; !stopped; k++) { await sleep(WRITE_EVERY_MS); if (!stopped) await write(k * 10); }
  })();
  try {
    const dir = await scriptDir({
      's.js': `import { sleep } from 'k6';
import { Gauge } from 'k6/metrics';
const own = new Gauge('stampede_own_gauge');
const started = Date.now();
export const options = {
  scenarios: { load: { executor: 'constant-vus', vus: 1, duration: '3s' } },
  probes: {
    written: { prometheus: __ENV.PROMETHEUS_URL, query: 'max(stampede_probe_test)', every: '${PERIOD_MS}ms' },
    own: { prometheus: __ENV.PROMETHEUS_URL, query: 'max(k6_stampede_own_gauge)', every: '${PERIOD_MS}ms' },
    authed: { prometheus: __ENV.PROMETHEUS_URL, query: 'vector(7)', every: '1s', headers: { Authorization: \`Bearer \${__ENV.PROMETHEUS_TOKEN}\` } },
  },
};
export default function () { own.add(1 + Math.floor((Date.now() - started) / 1000)); sleep(0.1); }
`,
    });
    const points = path.join(dir, 'points.ndjson');
    const r = await stampede(['run', '--quiet', '--out', `json=${points}`, '--out', 'experimental-prometheus-rw', '--summary-export', path.join(dir, 's.json'),
      '-e', `PROMETHEUS_URL=${prom!.url}`, '-e', `PROMETHEUS_TOKEN=${TOKEN}`, path.join(dir, 's.js')], {
      env: { K6_PROMETHEUS_RW_SERVER_URL: prom!.writeUrl, K6_PROMETHEUS_RW_PUSH_INTERVAL: '500ms' },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!`${r.stdout}${r.stderr}`.includes(TOKEN), 'the header value is never printed');
    assert.doesNotMatch(r.stderr, /probe \w+:/, 'no probe failed');
    const all = await pointsOf(points, 'probe_');

    /** the values Prometheus answers for `expr` between a and b (ms), at 10 ms steps, and exactly at b */
    const answers = async (expr: string, a: number, b: number) => {
      const range = await prom!.queryRange(expr, a / 1000, b / 1000, 0.01);
      const atB = await prom!.query(expr, b / 1000);
      return { during: new Set((range[0]?.values ?? []).map(([, v]) => Number(v))), atB: atB[0] ? Number(atB[0].value![1]) : undefined };
    };
    for (const name of ['written', 'own']) {
      const series = all.filter((p) => p.metric === `probe_${name}`);
      assert.ok(series.length >= 5, `probe_${name}: a read every ${PERIOD_MS} ms, got ${series.length}`);
      let exact = 0;
      for (const p of series) {
        const { during, atB } = await answers(`max(${name === 'written' ? 'stampede_probe_test' : 'k6_stampede_own_gauge'})`, p.time - PERIOD_MS, p.time);
        assert.ok(during.has(p.value), `probe_${name} read ${p.value} at ${p.time}; Prometheus answers ${[...during].join(', ')} over the period before`);
        if (atB === p.value) exact++;
      }
      assert.ok(new Set(series.map((p) => p.value)).size >= 3, `probe_${name} saw the series change: ${series.map((p) => p.value).join(' ')}`);
      console.log(`prometheus probe_${name}: ${series.length} reads, ${exact} equal to Prometheus's answer at the read's own timestamp, all within the period before`);
    }
    // the written series: each reading is a value this test wrote, at most one write behind
    for (const p of all.filter((x) => x.metric === 'probe_written')) {
      const latest = written.filter((w) => w.t <= p.time).at(-1)!;
      assert.ok(p.value === latest.v || p.value === latest.v - 10, `read ${p.value} at ${p.time}; written last ${latest.v}`);
    }
    const authed = all.filter((p) => p.metric === 'probe_authed');
    assert.ok(authed.length >= 3 && authed.every((p) => p.value === 7), JSON.stringify(authed));
  } finally {
    stopped = true;
    await writer;
  }
});

/** A node:http server answering { queue: { depth } } with the depth the test sets; every answer recorded. */
async function depthServer(initial: number) {
  const state = { depth: initial, served: [] as { t: number; depth: number }[] };
  const server = http.createServer((req, res) => {
    if (req.url !== '/health') { res.statusCode = 404; res.end(); return; }
    state.served.push({ t: Date.now(), depth: state.depth });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ queue: { depth: state.depth }, ok: true }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  return { state, url, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

const PLAIN_SCRIPT = `import { sleep } from 'k6';
export const options = { vus: 1, duration: '2s' };
export default function () { sleep(0.1); }
`;

test('http probe from --probe @probes.json for a plain k6 script: readings equal the answers within one period; PROBES block in the summary', { timeout: 60_000 }, async () => {
  const PERIOD_MS = 250;
  const srv = await depthServer(40);
  // from the probe's first read on, the depth falls by one every 200 ms
  const changer = setInterval(() => { if (srv.state.served.length > 0) srv.state.depth--; }, 200);
  try {
    const dir = await scriptDir({
      's.js': PLAIN_SCRIPT,
      'probes.json': JSON.stringify({ queue: { http: srv.url, json: 'queue.depth', every: `${PERIOD_MS}ms` } }),
    });
    const points = path.join(dir, 'points.ndjson');
    const r = await stampede(['run', '--out', `json=${points}`, '--summary-export', path.join(dir, 's.json'), '--probe', `@${path.join(dir, 'probes.json')}`, path.join(dir, 's.js')]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /unknown option|probe queue:/i, 'a plain script: no warning, and the probe always answered');
    const queue = (await pointsOf(points, 'probe_queue')).filter((p) => p.metric === 'probe_queue');
    assert.ok(queue.length >= 5, `a read every ${PERIOD_MS} ms over 2 s: got ${queue.length}`);
    const lags: number[] = [];
    for (const p of queue) {
      const answer = srv.state.served.filter((s) => s.t <= p.time).at(-1);
      assert.ok(answer, `a read at ${p.time} before any answer`);
      assert.equal(p.value, answer.depth, `read ${p.value} at ${p.time}; the server last answered ${answer.depth} at ${answer.t}`);
      assert.ok(p.time - answer.t < PERIOD_MS, `the reading is stamped ${p.time - answer.t} ms after the answer`);
      lags.push(p.time - answer.t);
    }
    assert.equal(srv.state.served.length, queue.length, 'one request per reading');
    assert.ok(new Set(queue.map((p) => p.value)).size >= 4, `the depth changed under the probe: ${queue.map((p) => p.value).join(' ')}`);
    console.log(`http: ${queue.length} reads, each the server's answer; stamped ${Math.min(...lags)}..${Math.max(...lags)} ms (mean ${mean(lags).toFixed(1)}) after it`);

    const block = r.stdout.slice(r.stdout.indexOf('PROBES'));
    assert.ok(r.stdout.includes('PROBES'), r.stdout);
    const line = /probe_queue\.*: (\d+) +start=(\d+) +min=(\d+) +max=(\d+) +samples=(\d+)/.exec(block);
    assert.ok(line, block);
    assert.deepEqual(line.slice(1).map(Number), [queue.at(-1)!.value, queue[0].value, Math.min(...queue.map((p) => p.value)), Math.max(...queue.map((p) => p.value)), queue.length]);
  } finally {
    clearInterval(changer);
    await srv.close();
  }
});

test('a probe in the history: stampede compare shows it with both runs\' values', { timeout: 60_000 }, async () => {
  const srv = await depthServer(10);
  const historyDir = await mkdtemp(path.join(tmpdir(), 'stampede-probe-history-'));
  try {
    const dir = await scriptDir({ 's.js': PLAIN_SCRIPT.replace("'2s'", "'1s'") });
    await writeFile(path.join(dir, 'probes.json'), JSON.stringify({ queue: { http: srv.url, json: 'queue.depth', every: '200ms' } }));
    const env = { STAMPEDE_NO_HISTORY: '', STAMPEDE_HISTORY_DIR: historyDir };
    const runArgs = ['run', '--quiet', '--probe', `@${path.join(dir, 'probes.json')}`, path.join(dir, 's.js')];
    const first = await stampede(runArgs, { env });
    assert.equal(first.code, 0, first.stderr);
    srv.state.depth = 25;
    const second = await stampede(runArgs, { env });
    assert.equal(second.code, 0, second.stderr);

    const runs = await stampede(['runs', '--json'], { env });
    assert.equal(runs.code, 0, runs.stderr);
    const rows = JSON.parse(runs.stdout) as { id: string }[];
    assert.equal(rows.length, 2);
    const [newer, older] = rows.map((row) => row.id);

    const json = await stampede(['compare', older, newer, '--json'], { env });
    assert.equal(json.code, 0, json.stderr);
    const data = JSON.parse(json.stdout) as { metrics: { key: string; stat: string; base?: number; run?: number }[] };
    const row = data.metrics.find((m) => m.key === 'probe_queue' && m.stat === 'value');
    assert.ok(row, `probe_queue in the comparison: ${JSON.stringify(data.metrics.map((m) => m.key))}`);
    assert.equal(row.base, 10);
    assert.equal(row.run, 25);

    const text = await stampede(['compare', older, newer], { env });
    assert.equal(text.code, 0, text.stderr);
    const line = text.stdout.split('\n').find((l) => l.includes('probe_queue'));
    assert.ok(line, text.stdout);
    assert.match(line, /\b10\b.*\b25\b/, line);
  } finally {
    await srv.close();
    await rm(historyDir, { recursive: true, force: true });
  }
});

test('Ctrl-C while a drain waits on a list that never empties: ends at once, exit 105, probe_<name>_drain drained:false in the output', { timeout: 60_000 }, async () => {
  const client = createClient({ url: redis!.url, RESP: 2, socket: { reconnectStrategy: false } });
  await client.connect();
  try {
    await client.del('stuck');
    await client.rPush('stuck', ['a', 'b', 'c']);
    const dir = await scriptDir({
      's.js': `import { sleep } from 'k6';
export const options = {
  scenarios: { load: { executor: 'constant-vus', vus: 1, duration: '1s' } },
  probes: { stuck: { redis: __ENV.REDIS_URL, command: ['LLEN', 'stuck'], every: '200ms', timeout: '2s', drain: { until: 'value == 0', timeout: '5m' } } },
};
export default function () { sleep(0.1); }
export function teardown() { console.log('teardown ran'); }
`,
    });
    const points = path.join(dir, 'points.ndjson');
    const exported = path.join(dir, 's.json');
    const child = spawn(process.execPath, [path.join(ROOT, 'src/cli/main.ts'), 'run', '--out', `json=${points}`, '--summary-export', exported, '-e', `REDIS_URL=${redis!.url}`, path.join(dir, 's.js')],
      { env: { ...process.env, STAMPEDE_NO_HISTORY: '1', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    try {
      // the load is 1 s: 2.5 s after the probes first answered, the run is waiting in the drain
      const started = Date.now();
      const answering = /probes: 1 of 1 answering|probe stuck answers again/;
      while (!answering.test(stderr) && Date.now() - started < 20_000) await sleep(20);
      assert.match(stderr, answering);
      await sleep(2_500);
      assert.equal(child.exitCode, null, `still draining: ${stderr}`);
      const signalled = Date.now();
      child.kill('SIGINT');
      const code = await closed;
      const tookMs = Date.now() - signalled;
      assert.ok(tookMs < 5_000, `ended ${tookMs} ms after Ctrl-C`);
      console.log(`Ctrl-C in the drain: exit ${code} ${tookMs} ms after the signal`);
      assert.match(stdout + stderr, /teardown ran/);
      assert.match(stderr, /probe stuck: drain interrupted .* after the end of the load, before value == 0 \(last value 3\)/);
      const drain = (await pointsOf(points, 'probe_stuck_drain'));
      assert.equal(drain.length, 1, JSON.stringify(drain));
      assert.equal(drain[0].tags.drained, 'false');
      assert.ok(drain[0].value >= 500 && drain[0].value < 5_000, `waited ${drain[0].value} ms after the load`);
      const summary = JSON.parse(await readFile(exported, 'utf8'));
      assert.equal(summary.metrics.probe_stuck_drain.value, drain[0].value);
      assert.equal(summary.metrics.probe_stuck.value, 3);
      assert.equal(code, 105, stderr);
    } finally {
      clearTimeout(killer);
      if (child.exitCode === null && child.signalCode === null) { child.kill('SIGKILL'); await closed; }
    }
  } finally {
    await client.quit();
  }
});
