/**
 * --out experimental-prometheus-rw against a real Prometheus 2.42 (remote
 * write receiver and native histograms on): what PromQL reads back after a
 * short run equals what the summary counted, under k6's series names, with
 * the configured trend stats, stale markers ending every series, and native
 * histograms. A backend that is down costs a `dropped N samples` line, never
 * the exit code; a bad variable exits 104 naming it. A small capturing
 * server checks the wire: headers, auth, snappy protobuf, and a 4xx counted
 * as dropped without retries.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, stampede, scriptDir } from './helpers/cli.ts';
import { startTarget, freePort, type Target } from './helpers/target.ts';
import { requirePrometheus, startPrometheus, type PrometheusServer } from './helpers/prometheus-server.ts';
import { decodeWriteBody } from '../src/outputs/prometheus-rw/write-request.ts';

let prom: PrometheusServer;
let target: Target;

before(async () => {
  requirePrometheus();
  [prom, target] = await Promise.all([startPrometheus(), startTarget()]);
});
after(async () => { await Promise.all([prom?.stop(), target?.close()]); });

const SCRIPT = `
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';
const orders = new Counter('orders_placed');
const queueWait = new Trend('queue_wait', true);
export const options = { vus: 2, duration: '2500ms' };
export default function () {
  const res = http.get(__ENV.TARGET + '/items');
  check(res, { 'status is 200': (r) => r.status === 200 });
  http.get(__ENV.TARGET + '/status/404');
  orders.add(3, { shop: 'north-1', 'payment-kind': 'card' });
  for (let ms = 10; ms <= 100; ms += 10) queueWait.add(ms);
  sleep(0.04);
}
`;

interface Run { code: number | null; stderr: string; summary: Record<string, Record<string, number>>; testid: string; startSec: number }

let runs = 0;
async function run(env: Record<string, string>, url = prom.writeUrl): Promise<Run> {
  const dir = await scriptDir({ 'script.js': SCRIPT });
  const exported = path.join(dir, 'summary.json');
  const testid = `t${++runs}-${Date.now()}`;
  const startSec = Date.now() / 1000;
  const r = await stampede(['run', '--quiet', '--summary-export', exported, '-e', `TARGET=${target.url}`, '--tag', `testid=${testid}`,
    '--out', 'experimental-prometheus-rw', path.join(dir, 'script.js')], {
    env: { K6_PROMETHEUS_RW_SERVER_URL: url, K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s', ...env },
    timeoutMs: 60_000,
  });
  const text = await readFile(exported, 'utf8').catch(() => { throw new Error(`no summary (exit ${r.code}):\n${r.stdout}${r.stderr}`); });
  return { code: r.code, stderr: r.stderr, summary: JSON.parse(text).metrics, testid, startSec };
}

interface Panel { targets?: { expr: string }[]; panels?: Panel[] }

/** Every PromQL query of dashboards/prometheus.json. */
async function dashboardQueries(): Promise<string[]> {
  const dash = JSON.parse(await readFile(path.join(ROOT, 'dashboards', 'prometheus.json'), 'utf8')) as { panels: Panel[] };
  const out: string[] = [];
  const walk = (ps: Panel[]) => { for (const p of ps) { for (const t of p.targets ?? []) out.push(t.expr); walk(p.panels ?? []); } };
  walk(dash.panels);
  return out;
}

/**
 * Runs the dashboard's queries (those `pick` selects) with its variables set
 * as Grafana would for this run and the stat p95, and expects data from
 * each: the dashboard asks for exactly the series Stampede writes.
 */
async function assertDashboardQueriesFindSeries(testid: string, pick: (expr: string) => boolean): Promise<void> {
  const missing: string[] = [];
  const queries = (await dashboardQueries()).filter(pick);
  assert.ok(queries.length >= 4, `queries: ${queries.length}`);
  for (const expr of queries) {
    if (expr.includes('k6_dropped_iterations_total')) continue; // constant-vus drops no iteration
    // vus/vus_max carry no test-wide tags (yet): checked with the dashboard's "All" value
    const id = expr.includes('k6_vus') ? '.*' : testid;
    const concrete = expr.replaceAll('$testid', id).replaceAll('$scenario', '.*').replaceAll('$quantile_stat', 'p95').replaceAll('$__rate_interval', '1m');
    if ((await prom.query(concrete)).length === 0) missing.push(concrete);
  }
  assert.deepEqual(missing, [], 'dashboard queries without data');
}

const num = (series: { value?: [number, string] }[]) => series.map((s) => Number(s.value![1]));

test('counters, rates and trend stats read back in PromQL equal the summary, under k6\'s names', async (t) => {
  const r = await run({});
  assert.equal(r.code, 0, r.stderr);
  const sel = `{testid="${r.testid}"}`;
  const reqs = r.summary.http_reqs.count;
  assert.ok(reqs > 20, `enough requests: ${reqs}`);

  assert.deepEqual(num(await prom.query(`sum(k6_http_reqs_total${sel})`)), [reqs]);
  assert.deepEqual(num(await prom.query(`sum(k6_iterations_total${sel})`)), [r.summary.iterations.count]);
  assert.deepEqual(num(await prom.query(`k6_checks_rate${sel}`)), [1]);
  assert.deepEqual(num(await prom.query(`k6_http_req_failed_rate{testid="${r.testid}", status="200"}`)), [0]);
  assert.deepEqual(num(await prom.query(`k6_http_req_failed_rate{testid="${r.testid}", status="404"}`)), [1]);
  assert.deepEqual(num(await prom.query(`sum(k6_http_reqs_total{testid="${r.testid}", expected_response="false"})`)), [r.summary.iterations.count]);
  assert.deepEqual(num(await prom.query(`sum(k6_data_received_total${sel})`)), [r.summary.data_received.count]);

  // the default trend stat is p(99), in seconds, within the summary's min..max (ms)
  const p99 = await prom.query(`k6_http_req_duration_p99{testid="${r.testid}", status="200"}`);
  assert.equal(p99.length, 1);
  const ms = Number(p99[0].value![1]) * 1000;
  const d = r.summary.http_req_duration;
  assert.ok(ms >= d.min && ms <= d.max, `p99 ${ms} ms within ${d.min}..${d.max}`);
  assert.equal(p99[0].metric.method, 'GET');
  assert.equal(p99[0].metric.status, '200');
  assert.equal(p99[0].metric.scenario, 'default');
  const names = new Set((await prom.query(`{__name__=~"k6_http_req_duration_.+", testid="${r.testid}"}`)).map((s) => s.metric.__name__));
  assert.deepEqual([...names], ['k6_http_req_duration_p99'], 'only p99 by default');

  // a custom counter with its tags as (sanitised) labels
  const orders = await prom.query(`k6_orders_placed_total${sel}`);
  assert.equal(orders.length, 1);
  assert.equal(Number(orders[0].value![1]), r.summary.orders_placed.count);
  assert.equal(Number(orders[0].value![1]), 3 * r.summary.iterations.count);
  assert.equal(orders[0].metric.shop, 'north-1');
  assert.equal(orders[0].metric.payment_kind, 'card');

  // several pushes, each the running total: non-decreasing, ending at the total
  const raw = await prom.query(`k6_http_reqs_total{testid="${r.testid}", status="200"}[5m]`);
  const values = raw[0].values!.map(([, v]) => Number(v));
  assert.ok(values.length >= 2, `pushed more than once: ${values}`);
  assert.ok(values.every((v, i) => i === 0 || v >= values[i - 1]), `cumulative: ${values}`);
  assert.equal(values.at(-1), r.summary.iterations.count);
  t.diagnostic(`summary http_reqs ${reqs} = PromQL sum(k6_http_reqs_total); p99 ${ms.toFixed(3)} ms in ${d.min.toFixed(3)}..${d.max.toFixed(3)} ms; ${values.length} pushes: ${values.join(' ')}`);
});

test('K6_PROMETHEUS_RW_TREND_STATS=p(95),p(99),min,max,avg,med,count,p(99.9) writes exactly those series; every dashboard query finds its series', async (t) => {
  const r = await run({ K6_PROMETHEUS_RW_TREND_STATS: 'p(95),p(99),min,max,avg,med,count,p(99.9)' });
  assert.equal(r.code, 0, r.stderr);
  const sel = `{testid="${r.testid}"}`;
  const names = (await prom.query(`{__name__=~"k6_http_req_duration_.+", testid="${r.testid}"}`)).map((s) => s.metric.__name__).sort();
  const stats = ['avg', 'count', 'max', 'med', 'min', 'p95', 'p99', 'p999'];
  assert.deepEqual(names, stats.flatMap((st) => [`k6_http_req_duration_${st}`, `k6_http_req_duration_${st}`]), 'one series per stat per request (/items, /status/404)');
  assert.deepEqual(num(await prom.query(`sum(k6_http_req_duration_count${sel})`)), [r.summary.http_reqs.count]);
  const max = num(await prom.query(`max(k6_http_req_duration_max${sel})`))[0];
  assert.ok(Math.abs(max * 1000 - r.summary.http_req_duration.max) < 1e-6, `max ${max}s vs ${r.summary.http_req_duration.max}ms`);
  const p95 = num(await prom.query(`k6_queue_wait_p95${sel}`))[0] * 1000;
  assert.ok(Math.abs(p95 - r.summary.queue_wait['p(95)']) <= r.summary.queue_wait['p(95)'] * 0.001, `queue_wait p95 ${p95} vs ${r.summary.queue_wait['p(95)']}`);
  t.diagnostic(`max ${max * 1000} ms (summary ${r.summary.http_req_duration.max}); queue_wait p95 ${p95.toFixed(3)} ms (summary ${r.summary.queue_wait['p(95)'].toFixed(3)})`);
  await assertDashboardQueriesFindSeries(r.testid, (expr) => !expr.includes('histogram_'));
});

test('K6_PROMETHEUS_RW_STALE_MARKERS=true ends every series, native histograms included: nothing current after the run, the data still in range queries', async () => {
  const r = await run({ K6_PROMETHEUS_RW_STALE_MARKERS: 'true', K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true' });
  assert.equal(r.code, 0, r.stderr);
  const sel = `{testid="${r.testid}"}`;
  assert.deepEqual(await prom.query(`{__name__=~"k6_.+", testid="${r.testid}"}`), [], 'no series has a current sample');
  const raw = await prom.query(`k6_http_reqs_total${sel}[5m]`);
  assert.equal(raw.length, 2);
  assert.equal(raw.reduce((sum, s) => sum + Number(s.values!.at(-1)![1]), 0), r.summary.http_reqs.count);
  // a graph shows the run; the last push is followed 1 ms later by its stale marker (as in k6), so steps show the pushes before it
  const range = await prom.queryRange(`sum(k6_http_reqs_total${sel})`, Math.floor(r.startSec), Math.ceil(Date.now() / 1000), 0.5);
  assert.equal(range.length, 1);
  const graphed = range[0].values!.map(([, v]) => Number(v));
  assert.ok(graphed.length >= 2 && graphed.every((v) => v > 0 && v <= r.summary.http_reqs.count), `graphed: ${graphed}`);
  const hist = await prom.query(`k6_http_req_duration_seconds${sel}[5m]`);
  assert.equal(hist.length, 2, 'the histogram series have their data too');
  assert.equal(hist.reduce((sum, s) => sum + Number(s.histograms!.at(-1)![1].count), 0), r.summary.http_reqs.count);
});

test('K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM=true writes native histograms: counts, sums and quantiles match', async (t) => {
  const r = await run({ K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true' });
  assert.equal(r.code, 0, r.stderr);
  const sel = `{testid="${r.testid}"}`;
  assert.deepEqual(num(await prom.query(`histogram_count(sum(k6_http_req_duration_seconds${sel}))`)), [r.summary.http_reqs.count]);
  const sum = num(await prom.query(`histogram_sum(sum(k6_http_req_duration_seconds${sel}))`))[0];
  const expected = r.summary.http_req_duration.avg * r.summary.http_reqs.count / 1000;
  assert.ok(Math.abs(sum - expected) < expected * 1e-9, `sum ${sum} vs ${expected}`);
  // every iteration adds 10, 20, … 100 ms to queue_wait: its 55th percentile is 60 ms, read back within 1 %
  assert.deepEqual(num(await prom.query(`histogram_count(k6_queue_wait_seconds${sel})`)), [10 * r.summary.iterations.count]);
  const q = num(await prom.query(`histogram_quantile(0.55, k6_queue_wait_seconds${sel})`))[0] * 1000;
  assert.ok(Math.abs(q - 60) / 60 < 0.01, `p55 ${q} ms vs 60 ms`);
  const q99 = num(await prom.query(`histogram_quantile(0.99, k6_queue_wait_seconds${sel})`))[0] * 1000;
  assert.ok(Math.abs(q99 - 100) / 100 < 0.01, `p99 ${q99} ms vs 100 ms`);
  assert.deepEqual(await prom.query(`k6_http_req_duration_p99${sel}`), [], 'no stat series when histograms are on');
  t.diagnostic(`histogram_count ${r.summary.http_reqs.count} = http_reqs; queue_wait p55 ${q.toFixed(3)} ms (60), p99 ${q99.toFixed(3)} ms (100)`);
  await assertDashboardQueriesFindSeries(r.testid, (expr) => expr.includes('histogram_'));
});

test('a backend that is down costs a dropped count, not the exit code; a bad variable exits 104 naming it', async (t) => {
  const port = await freePort();
  const down = await run({}, `http://127.0.0.1:${port}/api/v1/write`);
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stderr, /output Prometheus remote write \(http:\/\/127\.0\.0\.1:\d+\/api\/v1\/write\) dropped [1-9]\d* samples \(last error: cannot reach .*ECONNREFUSED.*\); 0 were sent/);
  assert.ok(down.summary.http_reqs.count > 20, 'the test ran in full');
  t.diagnostic(down.stderr.split('\n').filter((l) => l.includes('dropped')).join(' | '));

  const dir = await scriptDir({ 'script.js': SCRIPT });
  const requestsBefore = target.total();
  const bad = await stampede(['run', '--quiet', '-e', `TARGET=${target.url}`, '--out', 'experimental-prometheus-rw', path.join(dir, 'script.js')], {
    env: { K6_PROMETHEUS_RW_TREND_STATS: 'p(99),p99' },
  });
  assert.equal(bad.code, 104, bad.stderr);
  assert.match(bad.stderr, /K6_PROMETHEUS_RW_TREND_STATS: unknown trend stat "p99"/);
  assert.equal(target.total(), requestsBefore, 'stopped before the test sent a request');
});

test('on the wire: snappy protobuf with remote-write headers and the user\'s auth; a 4xx is dropped, not retried', async () => {
  const seen: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  let status = 204;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = status;
      res.end(status === 400 ? 'out of order sample' : '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`;
  try {
    const ok = await run({ K6_PROMETHEUS_RW_USERNAME: 'ada', K6_PROMETHEUS_RW_PASSWORD: 'pw', K6_PROMETHEUS_RW_HEADERS_X_Scope_OrgID: 'team-a', K6_PROMETHEUS_RW_LABELS: 'environment=ci' }, url);
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(seen.length >= 2, `pushed every second: ${seen.length}`);
    const h = seen[0].headers;
    assert.equal(h['content-encoding'], 'snappy');
    assert.equal(h['content-type'], 'application/x-protobuf');
    assert.equal(h['x-prometheus-remote-write-version'], '0.1.0');
    assert.equal(h.authorization, `Basic ${Buffer.from('ada:pw').toString('base64')}`);
    assert.equal(h['x_scope_orgid'], 'team-a');
    const series = seen.flatMap((s) => decodeWriteBody(s.body));
    const reqs = series.filter((s) => s.labels.some((l) => l.name === '__name__' && l.value === 'k6_http_reqs_total'));
    const lastPerStatus = new Map(reqs.map((s) => [s.labels.find((l) => l.name === 'status')!.value, s.samples[0].value]));
    assert.deepEqual(Object.fromEntries(lastPerStatus), { 200: ok.summary.iterations.count, 404: ok.summary.iterations.count });
    assert.ok(reqs.every((s) => s.labels.some((l) => l.name === 'environment' && l.value === 'ci')), 'static label on every series');
    const stamps = reqs.filter((s) => s.labels.some((l) => l.value === '200')).map((s) => s.samples[0].timestamp);
    assert.ok(stamps.every((t, i) => i === 0 || t > stamps[i - 1]), 'timestamps strictly increase');

    seen.length = 0;
    status = 400;
    const refused = await run({}, url);
    assert.equal(refused.code, 0, refused.stderr);
    assert.match(refused.stderr, /dropped [1-9]\d* samples \(last error: HTTP 400 from .*out of order sample\); 0 were sent/);
    const pushes = seen.length;
    assert.ok(pushes >= 2 && pushes <= 6, `one request per push, none retried: ${pushes}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
