/**
 * A threshold on a metric that does not exist is refused before the run
 * (exit 104, as in k6 v0.49), with a "did you mean"; a threshold on a metric
 * that exists but got no samples still passes with a warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';

test('a threshold on a misspelt metric exits 104 with a did-you-mean, before any iteration', async () => {
  const dir = await scriptDir({
    'typo.js': `export const options = { iterations: 1, thresholds: { http_req_durration: ['p(95)<500'] } };
export default function () { console.log('ITERATION RAN'); }
`,
  });
  const r = await stampede(['run', path.join(dir, 'typo.js')]);
  assert.equal(r.code, 104, r.stderr);
  assert.match(r.stderr, /thresholds\["http_req_durration"\]: no metric name "http_req_durration" found; did you mean "http_req_duration"\?/);
  assert.match(r.stderr, /hint: .*init code/);
  assert.doesNotMatch(r.stderr, /ITERATION RAN/);
  assert.doesNotMatch(r.stderr, /passes, as in k6/);
});

test('a threshold on a custom Trend created in init code is accepted and evaluated', async () => {
  const dir = await scriptDir({
    'custom.js': `import { Trend } from 'k6/metrics';
const waiting = new Trend('my_waiting', true);
export const options = { iterations: 2, thresholds: { my_waiting: ['p(95)<1000'], 'my_waiting{kind:a}': ['max<1000'] } };
export default function () { waiting.add(5, { kind: 'a' }); }
`,
  });
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--summary-export', exported, path.join(dir, 'custom.js')]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /no metric name/);
});

test('a threshold on a built-in metric that got no samples still passes, with the no-data warning', async () => {
  const dir = await scriptDir({
    'nodata.js': `export const options = { iterations: 1, thresholds: { ws_connecting: ['p(95)<500'], grpc_req_duration: ['p(95)<500'] } };
export default function () {}
`,
  });
  const r = await stampede(['run', path.join(dir, 'nodata.js')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /threshold 'p\(95\)<500' on ws_connecting had no data: it passes/);
  assert.match(r.stderr, /threshold 'p\(95\)<500' on grpc_req_duration had no data: it passes/);
});

test('a custom metric created only inside an iteration is unknown when thresholds are checked, as in k6', async () => {
  const dir = await scriptDir({
    'lazy.js': `import { Counter } from 'k6/metrics';
export const options = { iterations: 1, thresholds: { late_counter: ['count>0'] } };
export default function () { new Counter('late_counter').add(1); }
`,
  });
  const r = await stampede(['run', path.join(dir, 'lazy.js')]);
  assert.equal(r.code, 104, r.stderr);
  assert.match(r.stderr, /no metric name "late_counter" found/);
});
