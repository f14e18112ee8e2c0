/**
 * --out json / csv (and their .gz forms) on real runs: every sample the
 * summary counts is in the file, in k6's format, and a .gz file
 * decompresses to the same content. Bad arguments exit 104 before the test.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget, type Target } from './helpers/target.ts';

let target: Target;
before(async () => { target = await startTarget(); });
after(async () => { await target.close(); });

const SCRIPT = `
import http from 'k6/http';
import { check } from 'k6';
import { Trend } from 'k6/metrics';
const queueJoin = new Trend('queue_join', true);
export const options = { vus: 3, iterations: 30, thresholds: { http_req_duration: ['p(95)<5000'] } };
export default function () {
  const res = http.get(__ENV.TARGET + '/items?page=' + (__ITER % 3));
  check(res, { 'status is 200': (r) => r.status === 200 });
  queueJoin.add(12.5, { queue: 'approvals' });
}
`;

async function runWith(out: string[], env: Record<string, string> = {}) {
  const dir = await scriptDir({ 'script.js': SCRIPT });
  const exported = path.join(dir, 'summary.json');
  const args = ['run', '--quiet', '--summary-export', exported, '-e', `TARGET=${target.url}`];
  for (const o of out) args.push('--out', o.replace('$DIR', dir));
  const r = await stampede([...args, path.join(dir, 'script.js')], { env });
  assert.equal(r.code, 0, r.stderr);
  return { dir, summary: JSON.parse(await readFile(exported, 'utf8')), stdout: r.stdout, stderr: r.stderr };
}

interface JsonLine { type: string; metric: string; data: { name?: string; type?: string; time?: string; value?: number; tags?: Record<string, string>; thresholds?: string[] } }

function parseNdjson(text: string): JsonLine[] {
  return text.trim().split('\n').map((l) => JSON.parse(l) as JsonLine);
}

function pointsOf(lines: JsonLine[], metric: string): JsonLine[] {
  return lines.filter((l) => l.type === 'Point' && l.metric === metric);
}

test('--out json writes a Metric line before each metric\'s points, and as many points as the summary counts', async () => {
  const { dir, summary, stdout } = await runWith(['json=$DIR/out.json', 'json=$DIR/out.json.gz']);
  const lines = parseNdjson(await readFile(path.join(dir, 'out.json'), 'utf8'));
  // the summary's OUTPUTS block counts what each output wrote
  const points = lines.filter((l) => l.type === 'Point').length;
  assert.ok(stdout.includes('\n    OUTPUTS\n'), stdout);
  assert.match(stdout, new RegExp(`json \\(${dir.replaceAll('.', '\\.')}/out\\.json\\)\\.+: ${points} sent\\n`));
  assert.equal(pointsOf(lines, 'http_reqs').length, summary.metrics.http_reqs.count);
  assert.equal(pointsOf(lines, 'http_reqs').length, 30);
  assert.equal(pointsOf(lines, 'iterations').length, summary.metrics.iterations.count);
  assert.equal(pointsOf(lines, 'checks').length, summary.metrics.checks.passes + summary.metrics.checks.fails);
  assert.equal(pointsOf(lines, 'queue_join').length, 30);
  assert.ok(pointsOf(lines, 'vus').length >= 1, 'the vus gauge from the main thread is written too');
  // each metric announced once, before its first point, with its type and thresholds
  const seen = new Set<string>();
  for (const l of lines) {
    if (l.type === 'Metric') { assert.ok(!seen.has(l.metric), `${l.metric} announced twice`); seen.add(l.metric); }
    else assert.ok(seen.has(l.metric), `point of ${l.metric} before its Metric line`);
  }
  const duration = lines.find((l) => l.type === 'Metric' && l.metric === 'http_req_duration')!;
  assert.deepEqual({ type: duration.data.type, thresholds: duration.data.thresholds }, { type: 'trend', thresholds: ['p(95)<5000'] });
  const p = pointsOf(lines, 'http_reqs')[0];
  assert.match(p.data.time!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  assert.equal(p.data.tags!.method, 'GET');
  assert.equal(p.data.tags!.status, '200');
  assert.equal(p.data.tags!.scenario, 'default');
  assert.match(p.data.tags!.url, /\/items\?page=\d$/);
  const custom = pointsOf(lines, 'queue_join')[0];
  assert.equal(custom.data.value, 12.5);
  assert.equal(custom.data.tags!.queue, 'approvals');
  // the .gz twin decompresses to the same points (order within a batch may differ only by timing of writes: compare counts per metric)
  const gz = parseNdjson(gunzipSync(await readFile(path.join(dir, 'out.json.gz'))).toString('utf8'));
  assert.equal(gz.length, lines.length);
  assert.equal(pointsOf(gz, 'http_reqs').length, 30);
});

test('--out csv writes k6\'s header and one row per sample; .gz decompresses to the same rows', async () => {
  const { dir, summary } = await runWith(['csv=$DIR/out.csv', 'csv=$DIR/out.csv.gz'], { K6_CSV_TIME_FORMAT: 'unix_milli', K6_CSV_SAVE_INTERVAL: '200ms' });
  const text = await readFile(path.join(dir, 'out.csv'), 'utf8');
  const rows = text.trim().split('\n');
  assert.equal(rows[0], 'metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata');
  const reqs = rows.filter((r) => r.startsWith('http_reqs,'));
  assert.equal(reqs.length, summary.metrics.http_reqs.count);
  assert.equal(rows.filter((r) => r.startsWith('iterations,')).length, summary.metrics.iterations.count);
  const cols = rows[0].split(',');
  const first = reqs[0].split(',');
  assert.match(first[1], /^\d{13}$/, 'unix_milli timestamps');
  assert.equal(first[2], '1.000000');
  assert.equal(first[cols.indexOf('method')], 'GET');
  assert.equal(first[cols.indexOf('status')], '200');
  assert.equal(first[cols.indexOf('scenario')], 'default');
  const custom = rows.find((r) => r.startsWith('queue_join,'))!.split(',');
  assert.equal(custom[cols.indexOf('extra_tags')], 'queue=approvals');
  const gz = gunzipSync(await readFile(path.join(dir, 'out.csv.gz'))).toString('utf8').trim().split('\n');
  assert.equal(gz.length, rows.length);
  assert.equal(gz[0], rows[0]);
});

test('bad output arguments stop the run before it starts, with exit 104 and the option named', async () => {
  const dir = await scriptDir({ 'script.js': SCRIPT });
  const before = target.total();
  const missingFolder = await stampede(['run', '--quiet', '--out', `json=${path.join(dir, 'no', 'such', 'dir', 'x.json')}`, '-e', `TARGET=${target.url}`, path.join(dir, 'script.js')]);
  assert.equal(missingFolder.code, 104, missingFolder.stderr);
  assert.match(missingFolder.stderr, /--out json: cannot write .*x\.json/);
  const unknown = await stampede(['run', '--quiet', '--out', 'jsonl=x', path.join(dir, 'script.js')]);
  assert.equal(unknown.code, 104);
  assert.match(unknown.stderr, /--out: unknown output "jsonl"/);
  const badFormat = await stampede(['run', '--quiet', '--out', `csv=${path.join(dir, 'x.csv')}`, path.join(dir, 'script.js')], { env: { K6_CSV_TIME_FORMAT: 'iso' } });
  assert.equal(badFormat.code, 104);
  assert.match(badFormat.stderr, /K6_CSV_TIME_FORMAT: unknown time format "iso"/);
  assert.equal(target.total(), before, 'no request was made');
});

test('the vu and iter system tags, when enabled, are on every sample of the iteration', async () => {
  const dir = await scriptDir({ 'script.js': `
import http from 'k6/http';
export const options = { vus: 2, iterations: 6, systemTags: ['vu', 'iter', 'status', 'method', 'scenario'] };
export default function () { http.get(__ENV.TARGET + '/tagged'); }
` });
  const r = await stampede(['run', '--quiet', '--out', `json=${path.join(dir, 'out.json')}`, '-e', `TARGET=${target.url}`, path.join(dir, 'script.js')]);
  assert.equal(r.code, 0, r.stderr);
  const lines = parseNdjson(await readFile(path.join(dir, 'out.json'), 'utf8'));
  const reqs = pointsOf(lines, 'http_reqs');
  assert.equal(reqs.length, 6);
  const pairs = new Set(reqs.map((p) => `${p.data.tags!.vu}/${p.data.tags!.iter}`));
  assert.equal(pairs.size, 6, `each (vu, iter) once: ${[...pairs].join(' ')}`);
  for (const p of reqs) assert.match(p.data.tags!.vu, /^[12]$/);
  for (const p of pointsOf(lines, 'iterations')) assert.ok(p.data.tags!.vu && p.data.tags!.iter !== undefined, 'iterations carry vu and iter');
  assert.equal(reqs[0].data.tags!.url, undefined, 'url is not an enabled system tag here');
});
