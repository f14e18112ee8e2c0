/**
 * `--out influxdb` against a real InfluxDB 1.6 (Debian's influxd, one per
 * test, on 127.0.0.1): what a run stores is what its summary counts, in
 * k6's schema, and the Grafana dashboard's queries find it; InfluxDB going
 * away mid-run costs samples, not the test, and writes resume when it is
 * back; InfluxDB down at the start is logged and caught up with; lines it
 * refuses are counted, not retried; a bad argument is exit 104. InfluxDB v2 has no server here: its run goes to a
 * recorder that answers like /api/v2/write, to show the request end to end.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, stampede, scriptDir } from './helpers/cli.ts';
import { createInfluxdb, requireInfluxd, startInfluxdb } from './helpers/influxdb-server.ts';
import type { InfluxServer, InfluxStatementResult } from './helpers/influxdb-server.ts';
import { startTarget, type Target } from './helpers/target.ts';

let target: Target;

before(async () => {
  requireInfluxd();
  target = await startTarget();
});
after(async () => { await target?.close(); });

async function run(source: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000) {
  const dir = await scriptDir({ 'script.js': source });
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--summary-export', exported, ...args, path.join(dir, 'script.js')], { env, timeoutMs });
  const summary = await readFile(exported, 'utf8').then((t) => JSON.parse(t), () => undefined);
  return { ...r, summary, output: `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}` };
}

/** The single value of a one-row aggregate (count, sum, mean); 0 when nothing matched. */
async function scalar(server: InfluxServer, q: string): Promise<number> {
  const res = await server.query('k6', q);
  return Number(res.series?.[0]?.values[0]?.[1] ?? 0);
}

/** SHOW TAG VALUES … WITH KEY = "k" → the values. */
async function tagValues(server: InfluxServer, measurement: string, key: string): Promise<string[]> {
  const res = await server.query('k6', `SHOW TAG VALUES FROM "${measurement}" WITH KEY = "${key}"`);
  return (res.series?.[0]?.values ?? []).map((row) => String(row[1])).sort();
}

/** `WARN[0000] output … dropped N samples (last error: …); M were sent`, parsed. */
function droppedLine(stderr: string): { dropped: number; sent: number; line: string } | undefined {
  const m = /^WARN\[\d+\] output influxdb \(.*\) dropped (\d+) samples.*; (\d+) were sent$/m.exec(stderr);
  return m ? { dropped: Number(m[1]), sent: Number(m[2]), line: m[0] } : undefined;
}

/** Resolves once `cond` holds (polled every 20 ms); rejects after `timeoutMs`. */
async function waitFor(what: string, cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every stored point, over all measurements. */
async function totalPoints(server: InfluxServer): Promise<number> {
  const res = await server.query('k6', 'SELECT count("value") FROM /.*/');
  return (res.series ?? []).reduce((sum, s) => sum + Number(s.values[0][1]), 0);
}

test("a run's samples land in InfluxDB in k6's schema, counted as the summary counts them", async (t) => {
  const server = await startInfluxdb();
  t.after(() => server.close());
  // Stampede does not emit the vu/iter system tags yet, so the script tags its requests with them itself
  const r = await run(`import http from 'k6/http';
import { check, group } from 'k6';
export const options = { vus: 4, iterations: 60 };
export default function () {
  const tags = { vu: String(__VU), iter: String(__ITER) };
  group('browse', () => {
    http.get('${target.url}/', { tags: { ...tags, name: 'home, page=1 x' } });
  });
  const res = http.post('${target.url}/status/404', 'x', { tags: { ...tags, note: 'say "hi" \\\\ bye' } });
  check(res, { 'is 404': (r) => r.status === 404 });
}
`, ['--out', `influxdb=${server.url}/k6`], { K6_INFLUXDB_TAGS_AS_FIELDS: 'vu:int,iter:int,url,note' });
  assert.equal(r.code, 0, r.output);
  assert.equal(droppedLine(r.stderr), undefined, r.output);
  const m = r.summary.metrics;
  assert.equal(m.http_reqs.count, 120);

  // the database was created, and every request is one point (samples sharing a millisecond included)
  assert.equal(await scalar(server, 'SELECT count("value") FROM "http_reqs"'), m.http_reqs.count);
  assert.equal(await scalar(server, 'SELECT count("value") FROM "http_req_duration"'), m.http_reqs.count);
  assert.equal(await scalar(server, 'SELECT sum("value") FROM "iterations"'), m.iterations.count);
  assert.equal(await scalar(server, 'SELECT count("value") FROM "checks"'), m.checks.passes + m.checks.fails);
  assert.equal(await scalar(server, 'SELECT sum("value") FROM "http_req_failed"'), 60, 'the 404s failed');
  const mean = await scalar(server, 'SELECT mean("value") FROM "http_req_duration"');
  assert.ok(Math.abs(mean - m.http_req_duration.avg) < 1e-6 * Math.max(1, mean), `mean ${mean} vs summary avg ${m.http_req_duration.avg}`);

  // tags are queryable, special characters intact
  assert.deepEqual(await tagValues(server, 'http_reqs', 'status'), ['200', '404']);
  assert.deepEqual(await tagValues(server, 'http_reqs', 'method'), ['GET', 'POST']);
  assert.deepEqual(await tagValues(server, 'http_reqs', 'name'), ['home, page=1 x', `${target.url}/status/404`]);
  assert.deepEqual(await tagValues(server, 'http_reqs', 'scenario'), ['default']);
  assert.deepEqual(await tagValues(server, 'http_reqs', 'group'), ['::browse']);
  const byStatus = await server.query('k6', 'SELECT count("value") FROM "http_reqs" GROUP BY "status"');
  assert.deepEqual(byStatus.series?.map((s) => [s.tags?.status, s.values[0][1]]), [['200', 60], ['404', 60]]);

  // vu, iter, url and note are fields, typed, not tags
  const tagKeys = (await server.query('k6', 'SHOW TAG KEYS FROM "http_reqs"')).series?.[0].values.map((v) => v[0]);
  for (const notTag of ['vu', 'iter', 'url', 'note']) assert.ok(!tagKeys?.includes(notTag), `${notTag} is not a tag: ${tagKeys}`);
  const fieldTypes = Object.fromEntries((await server.query('k6', 'SHOW FIELD KEYS FROM "http_reqs"')).series?.[0].values ?? []);
  assert.deepEqual(fieldTypes, { iter: 'integer', note: 'string', url: 'string', value: 'float', vu: 'integer' });
  const rows = (await server.query('k6', `SELECT "vu", "iter" FROM "http_reqs" WHERE "method" = 'GET'`)).series?.[0].values ?? [];
  assert.equal(new Set(rows.map(([, vu, iter]) => `${vu}/${iter}`)).size, 60, 'one GET per (vu, iter)');
  assert.ok(rows.every(([, vu]) => Number(vu) >= 1 && Number(vu) <= 4));
  const notes = (await server.query('k6', `SELECT "note" FROM "http_reqs" WHERE "method" = 'POST' LIMIT 1`)).series?.[0].values[0][1];
  assert.equal(notes, 'say "hi" \\ bye');

  // every query of the Grafana dashboard runs and finds data (dropped_iterations exists only when iterations were dropped)
  const measurements = new Set((await server.query('k6', 'SHOW MEASUREMENTS')).series?.[0].values.map((v) => String(v[0])));
  for (const { title, query } of await dashboardQueries()) {
    const res: InfluxStatementResult = await server.query('k6', query);
    const from = /FROM "([^"]+)"/.exec(query)?.[1] ?? '';
    if (from === 'dropped_iterations') continue;
    assert.ok(measurements.has(from), `dashboard panel "${title}" reads "${from}", which Stampede did not write`);
    assert.ok((res.series?.length ?? 0) > 0, `dashboard panel "${title}" found nothing with: ${query}`);
  }
});

/** Every InfluxQL query of dashboards/influxdb.json (panels and variables), with Grafana's macros filled in. */
async function dashboardQueries(): Promise<{ title: string; query: string }[]> {
  const dashboard = JSON.parse(await readFile(path.join(ROOT, 'dashboards', 'influxdb.json'), 'utf8'));
  const fill = (q: string) => q
    .replaceAll('$timeFilter', 'time > now() - 1h')
    .replaceAll('$__interval_ms', '1000')
    .replaceAll('$__interval', '1s')
    .replaceAll('$scenario', 'default');
  const out: { title: string; query: string }[] = [];
  for (const panel of dashboard.panels) {
    for (const t of panel.targets ?? []) out.push({ title: panel.title, query: fill(t.query) });
  }
  for (const v of dashboard.templating.list) if (v.type === 'query') out.push({ title: `variable ${v.name}`, query: fill(v.query) });
  assert.ok(out.length >= 20);
  return out;
}

test('InfluxDB killed mid-run: the run goes on, samples are dropped and counted, writes resume after a restart', async (t) => {
  const server = await startInfluxdb();
  t.after(() => server.close());
  // Timeline, read from the target's request count so a slow start of the CLI cannot shift it:
  // the run lasts 8 s at 25 requests/s; after the 25th request (1 s in) influxd is killed
  // (SIGKILL), 2 s later it is started again on the same port and data dir (ready ~0.5–1 s
  // later, ~4 s before the run ends). The outage (kill → the first write after the restart,
  // at most ~2 s of backoff later) lasts 2–5 s. At 25 iterations/s each iteration makes 13 samples, ~325 lines/s, so an outage of
  // 2 s alone makes ~650 lines, over three times the 200-line buffer set below: the oldest lines
  // are dropped, deterministically. The 100 ms push interval keeps the buffer far from full while
  // InfluxDB is up (~33 lines a flush). After the restart the retried buffer and the new samples
  // are written, so points stamped after the restart exist.
  const env = { STAMPEDE_INFLUXDB_MAX_BUFFERED: '200', K6_INFLUXDB_PUSH_INTERVAL: '100ms' };
  const running = run(`import http from 'k6/http';
export const options = {
  scenarios: { steady: { executor: 'constant-arrival-rate', rate: 25, timeUnit: '1s', duration: '8s', preAllocatedVUs: 5 } },
};
export default function () { http.get('${target.url}/steady'); }
`, ['--out', `influxdb=${server.url}/k6`], env);
  await waitFor('the 25th request', () => (target.counts.get('/steady') ?? 0) >= 25);
  await server.kill();
  await new Promise((r) => setTimeout(r, 2_000));
  await server.start();
  const restartedAt = Date.now();
  const r = await running;

  assert.equal(r.code, 0, r.output);
  const reqs = r.summary.metrics.http_reqs.count;
  assert.equal(reqs, r.summary.metrics.iterations.count, r.output);
  assert.ok(reqs >= 190, `the target kept its rate: ${reqs} requests`);
  assert.match(r.stderr, /output influxdb \(.*\): writes fail, retrying with backoff/, r.output);
  assert.match(r.stderr, /output influxdb \(.*\): writes work again/, r.output);
  const dropped = droppedLine(r.stderr);
  assert.ok(dropped, `a dropped-samples warning:\n${r.output}`);
  assert.ok(dropped.dropped > 0, dropped.line);
  assert.ok(dropped.sent > 0, dropped.line);
  // the end-of-test summary says the same
  assert.match(r.stdout, new RegExp(`OUTPUTS\\n\\s+influxdb \\(${server.url.replaceAll('.', '\\.')}/k6\\)\\.+: ${dropped.sent} sent, ${dropped.dropped} dropped \\(last error: `), r.output);

  const afterRestart = await scalar(server, `SELECT count("value") FROM "http_reqs" WHERE time > ${restartedAt}ms`);
  assert.ok(afterRestart > 0, 'requests made after the restart were written');
  const stored = await scalar(server, 'SELECT count("value") FROM "http_reqs"');
  assert.ok(stored < reqs, `some requests were lost with the outage (${stored} of ${reqs} stored)`);
  // what the output counted as sent is there (a batch InfluxDB took just before dying may be there too)
  assert.ok(await totalPoints(server) >= dropped.sent, dropped.line);
});

test('InfluxDB down at the start: an error is logged, the run goes on, and everything is written once it is up', async (t) => {
  const server = await createInfluxdb();
  t.after(() => server.close());
  // influxd is started after the run's 10th request (1 s in; the output started, and failed to
  // create its database, before the first one), the run lasts 5 s; the buffer (1,000,000 lines
  // by default) holds every sample meanwhile, and the first write that finds no database creates
  // it, so nothing is lost.
  const running = run(`import http from 'k6/http';
export const options = {
  scenarios: { steady: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '5s', preAllocatedVUs: 3 } },
};
export default function () { http.get('${target.url}/late'); }
`, ['--out', `influxdb=${server.url}/k6`]);
  await waitFor('the 10th request', () => (target.counts.get('/late') ?? 0) >= 10);
  await server.start();
  const r = await running;

  assert.equal(r.code, 0, r.output);
  assert.match(r.stderr, /ERRO\[\d+\] output influxdb \(.*\/k6\): couldn't create database "k6": POST http:\/\/127\.0\.0\.1:\d+\/query: .*ECONNREFUSED.*; the test goes on/, r.output);
  assert.equal(droppedLine(r.stderr), undefined, r.output);
  const reqs = r.summary.metrics.http_reqs.count;
  assert.ok(reqs > 0);
  assert.equal(await scalar(server, 'SELECT count("value") FROM "http_reqs"'), reqs);
});

test('lines InfluxDB refuses for good are counted as dropped, logged once, and not retried', async (t) => {
  const server = await startInfluxdb();
  t.after(() => server.close());
  // http_reqs already holds a string "value" in this week's shard: InfluxDB refuses every float value for it (a field type conflict)
  await server.query('k6', 'CREATE DATABASE "k6"');
  const seeded = await fetch(`${server.url}/write?db=k6`, { method: 'POST', body: 'http_reqs,seed=1 value="text"' });
  assert.equal(seeded.status, 204);
  const r = await run(`import http from 'k6/http';
export const options = { iterations: 5 };
export default function () { http.get('${target.url}/conflict'); }
`, ['--out', `influxdb=${server.url}/k6`]);
  assert.equal(r.code, 0, r.output);
  const refusals = r.stderr.match(/ERRO\[\d+\] output influxdb \(.*\): InfluxDB refused \d+ lines \(not retried\): InfluxDB answered 400: partial write: field type conflict/g) ?? [];
  assert.equal(refusals.length, 1, r.output);
  const dropped = droppedLine(r.stderr);
  assert.equal(dropped?.dropped, 5, r.output);
  assert.equal(await scalar(server, 'SELECT count("value") FROM "http_req_duration"'), 5, 'the other metrics were written');
  const res = await server.query('k6', 'SELECT count("value") FROM /.*/');
  const stored = (res.series ?? []).filter((x) => x.name !== 'http_reqs').reduce((sum, x) => sum + Number(x.values[0][1]), 0);
  assert.equal(stored, dropped.sent, 'what was counted as sent is what was stored');
});

test('a bad --out influxdb argument or variable is exit 104 naming it', async () => {
  const script = `export default function () {}`;
  const notUrl = await run(script, ['--out', 'influxdb=not-a-url']);
  assert.equal(notUrl.code, 104, notUrl.output);
  assert.match(notUrl.stderr, /--out influxdb: "not-a-url" is not a URL/, notUrl.output);

  const badEnv = await run(script, ['--out', 'influxdb=http://127.0.0.1:1/k6'], { K6_INFLUXDB_CONCURRENT_WRITES: 'many', K6_INFLUXDB_TAGS_AS_FIELDS: 'vu:long' });
  assert.equal(badEnv.code, 104, badEnv.output);
  assert.match(badEnv.stderr, /K6_INFLUXDB_CONCURRENT_WRITES: must be a positive whole number, got "many"/, badEnv.output);
  assert.match(badEnv.stderr, /K6_INFLUXDB_TAGS_AS_FIELDS: unknown type "long" for "vu"/, badEnv.output);
});

test('InfluxDB v2 settings write to /api/v2/write with a token (a recorder stands in: no v2 server here)', async (t) => {
  const seen: { url: string; auth: string | undefined; lines: string[] }[] = [];
  const recorder = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization, lines: Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l !== '') });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => { recorder.closeAllConnections(); recorder.close(() => resolve()); }));
  const { port } = recorder.address() as AddressInfo;
  const r = await run(`import http from 'k6/http';
export const options = { iterations: 5 };
export default function () { http.get('${target.url}/v2'); }
`, ['--out', `influxdb=http://127.0.0.1:${port}`], { K6_INFLUXDB_ORGANIZATION: 'acme', K6_INFLUXDB_BUCKET: 'loadtests', K6_INFLUXDB_TOKEN: 's3cr3t' });
  assert.equal(r.code, 0, r.output);
  assert.ok(seen.length > 0, 'the output wrote');
  for (const s of seen) {
    assert.equal(s.url, '/api/v2/write?org=acme&bucket=loadtests&precision=ns');
    assert.equal(s.auth, 'Token s3cr3t');
  }
  const reqLines = seen.flatMap((s) => s.lines).filter((l) => l.startsWith('http_reqs,'));
  assert.equal(reqLines.length, 5);
  assert.match(reqLines[0], /^http_reqs,expected_response=true,method=GET,name=http:\/\/127\.0\.0\.1:\d+\/v2,proto=HTTP\/1\.1,scenario=default,status=200 value=1,url="http:\/\/127\.0\.0\.1:\d+\/v2" \d{19}$/);
});
