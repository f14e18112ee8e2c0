/**
 * The first acceptance test of the core: `--vus 10 --iterations 100` makes
 * exactly 100 requests as the server counts them, and the summary export
 * and the printed summary both say so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

test('10 VUs share 100 iterations: the server counts exactly 100 requests', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'script.js': `import http from 'k6/http';
export default function () { http.get('${target.url}/hello'); }
`,
    });
    const exported = path.join(dir, 'summary.json');
    const r = await stampede(['run', '--vus', '10', '--iterations', '100', '--summary-export', exported, path.join(dir, 'script.js')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(target.counts.get('/hello'), 100);
    const summary = JSON.parse(await readFile(exported, 'utf8'));
    assert.equal(summary.metrics.http_reqs.count, 100);
    assert.equal(summary.metrics.iterations.count, 100);
    assert.equal(summary.metrics.vus_max.value, 10);
    assert.ok(summary.metrics.http_req_duration.avg > 0);
    assert.match(r.stdout, /http_reqs\.*: 100\b/);
  } finally {
    await target.close();
  }
});

test('without options a script runs one iteration with one VU', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({ 'one.js': `import http from 'k6/http';\nexport default function () { http.get('${target.url}/once'); }\n` });
    const r = await stampede(['run', '--quiet', path.join(dir, 'one.js')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(target.counts.get('/once'), 1);
  } finally {
    await target.close();
  }
});

test('per-VU module state, __VU and __ITER behave as in k6', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'state.js': `import http from 'k6/http';
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } } };
let calls = 0;
export default function () {
  calls++;
  http.get('${target.url}/vu/' + __VU + '/iter/' + __ITER + '/calls/' + calls);
}
`,
    });
    const r = await stampede(['run', path.join(dir, 'state.js')]);
    assert.equal(r.code, 0, r.stderr);
    for (let vu = 1; vu <= 3; vu++) {
      for (let iter = 0; iter < 4; iter++) {
        assert.equal(target.counts.get(`/vu/${vu}/iter/${iter}/calls/${iter + 1}`), 1, `vu ${vu} iter ${iter}`);
      }
    }
  } finally {
    await target.close();
  }
});
