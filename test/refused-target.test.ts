/**
 * A target that refuses connections: every request fails with k6's
 * error_code 1212, http_req_failed is 1, and the run completes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { freePort } from './helpers/target.ts';

test('connection refused becomes error_code 1212 and http_req_failed rate 1', async () => {
  const port = await freePort();
  const dir = await scriptDir({
    'refused.js': `import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 4, thresholds: { 'http_req_failed{error_code:1212}': ['rate==1'] } };
export default function () {
  const r = http.get('http://127.0.0.1:${port}/');
  check(r, { 'status 0': (res) => res.status === 0, 'error_code 1212': (res) => res.error_code === 1212 });
}
`,
  });
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--summary-export', exported, path.join(dir, 'refused.js')]);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(await readFile(exported, 'utf8'));
  assert.equal(s.metrics.http_reqs.count, 4);
  assert.equal(s.metrics.http_req_failed.value, 1);
  assert.equal(s.metrics.checks.fails, 0);
  assert.equal(s.metrics.checks.passes, 8);
});
