/**
 * k6 sample metadata on real runs: k6/experimental/tracing's instrumentHTTP
 * attaches each request's trace id as `trace_id` metadata to every sample of
 * that request, and `exec.vu.metrics.metadata` to every sample of the VU.
 * --out json writes it as `data.metadata`, --out csv in its metadata column;
 * metadata never becomes a tag, so no series (or submetric) per trace.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget, type Target } from './helpers/target.ts';

/** traceparent headers the target received, in arrival order */
const traceparents: string[] = [];
let target: Target;
before(async () => {
  target = await startTarget({
    '/traced': (req, res) => { traceparents.push(String(req.headers.traceparent)); res.end('ok'); },
  });
});
after(async () => { await target.close(); });

interface Point { type: string; metric: string; data: { tags?: Record<string, string>; metadata?: Record<string, string> } }

async function run(script: string): Promise<{ points: Point[]; csv: string[]; summary: { metrics: Record<string, unknown> } }> {
  const dir = await scriptDir({ 'script.js': script });
  const json = path.join(dir, 'out.json');
  const csv = path.join(dir, 'out.csv');
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--quiet', '--summary-export', exported, '--out', `json=${json}`, '--out', `csv=${csv}`,
    '-e', `TARGET=${target.url}`, path.join(dir, 'script.js')], { env: { K6_CSV_SAVE_INTERVAL: '200ms' } });
  assert.equal(r.code, 0, r.stderr);
  const points = (await readFile(json, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Point).filter((l) => l.type === 'Point');
  return { points, csv: (await readFile(csv, 'utf8')).trim().split('\n'), summary: JSON.parse(await readFile(exported, 'utf8')) };
}

test('instrumentHTTP: every sample of a request carries its trace id as metadata, in json and csv, without splitting series', async () => {
  traceparents.length = 0;
  const { points, csv, summary } = await run(`
import http from 'k6/http';
import tracing from 'k6/experimental/tracing';
tracing.instrumentHTTP({ propagator: 'w3c' });
export const options = { vus: 2, iterations: 8 };
export default function () { http.get(__ENV.TARGET + '/traced'); }
`);
  const sent = traceparents.map((h) => h.split('-')[1]);
  assert.equal(sent.length, 8);
  assert.equal(new Set(sent).size, 8, 'a fresh trace id per request');

  // JSON: each http_req_duration point has the trace id the server saw for that request
  const durations = points.filter((p) => p.metric === 'http_req_duration');
  assert.equal(durations.length, 8);
  assert.deepEqual(durations.map((p) => p.data.metadata?.trace_id).toSorted(), sent.toSorted());
  // (the request's samples are those with a url tag: data_sent/data_received also have iteration-level points)
  for (const metric of ['http_reqs', 'http_req_waiting', 'http_req_failed', 'data_sent', 'data_received']) {
    const ofRequests = points.filter((p) => p.metric === metric && p.data.tags?.url !== undefined);
    assert.deepEqual(ofRequests.map((p) => p.data.metadata?.trace_id).toSorted(), sent.toSorted(), metric);
  }
  // metadata is not a tag: no trace_id tag anywhere, samples outside a request have no metadata
  assert.ok(points.every((p) => p.data.tags?.trace_id === undefined));
  assert.ok(points.filter((p) => p.metric === 'iterations').every((p) => p.data.metadata === undefined));
  // one series: the summary counts all requests together, no trace_id submetric
  assert.equal((summary.metrics.http_reqs as { count: number }).count, 8);
  assert.deepEqual(Object.keys(summary.metrics).filter((k) => k.includes('trace_id')), []);

  // CSV: the metadata column (last) holds trace_id=… on the request's rows
  const cols = csv[0].split(',');
  assert.equal(cols.at(-1), 'metadata');
  const reqRows = csv.filter((r) => r.startsWith('http_reqs,')).map((r) => r.split(','));
  assert.equal(reqRows.length, 8);
  assert.deepEqual(reqRows.map((r) => r[cols.length - 1]).toSorted(), sent.map((id) => `trace_id=${id}`).toSorted());
  assert.ok(reqRows.every((r) => !r[cols.indexOf('extra_tags')].includes('trace_id')));
  assert.ok(csv.filter((r) => r.startsWith('iterations,')).every((r) => r.endsWith(',')), 'no metadata on iterations');
});

test('exec.vu.metrics.metadata is attached to every sample of the VU; without it or tracing there is no metadata field', async () => {
  const withVuMetadata = await run(`
import http from 'k6/http';
import exec from 'k6/execution';
export const options = { vus: 1, iterations: 3 };
export default function () {
  exec.vu.metrics.metadata.run_id = 'r' + exec.vu.iterationInScenario;
  http.get(__ENV.TARGET + '/plain');
  delete exec.vu.metrics.metadata.run_id;
}
`);
  const reqs = withVuMetadata.points.filter((p) => p.metric === 'http_reqs');
  assert.deepEqual(reqs.map((p) => p.data.metadata), [{ run_id: 'r0' }, { run_id: 'r1' }, { run_id: 'r2' }]);
  assert.ok(reqs.every((p) => p.data.tags?.run_id === undefined));
  assert.ok(withVuMetadata.points.filter((p) => p.metric === 'iterations').every((p) => p.data.metadata === undefined), 'deleted before the iteration ended');

  const plain = await run(`
import http from 'k6/http';
export const options = { vus: 1, iterations: 3 };
export default function () { http.get(__ENV.TARGET + '/plain'); }
`);
  assert.ok(plain.points.length > 0);
  assert.ok(plain.points.every((p) => !('metadata' in p.data)));
  assert.ok(plain.csv.slice(1).every((r) => r.endsWith(',')), 'the metadata column stays empty');
});
