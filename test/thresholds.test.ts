/**
 * Thresholds as CI gates (issue #3): abortOnFail during the run, "no data"
 * made visible, --thresholds-require-data and --no-thresholds, all seen
 * through exit codes, the printed summary and the log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

test('abortOnFail with delayAbortEval 1s on a failing rate stops a 20 s run in under 5 s, exit 99, summary printed', async () => {
  const target = await startTarget({ '/fail': (_req, res) => { res.statusCode = 500; res.end('no'); } });
  try {
    const dir = await scriptDir({
      'abort.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 2, duration: '20s',
  thresholds: { http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '1s' }], http_req_duration: ['p(95)<5000'] } };
export default function () { http.get('${target.url}/fail'); sleep(0.1); }
`,
    });
    const started = Date.now();
    const r = await stampede(['run', path.join(dir, 'abort.js')]);
    const tookMs = Date.now() - started;
    assert.equal(r.code, 99, r.stderr);
    assert.ok(tookMs < 5000, `took ${tookMs} ms`);
    assert.match(r.stderr, /threshold 'rate<0\.01' on http_req_failed was crossed and has abortOnFail: stopping the test/);
    assert.match(r.stdout, /✗ 'rate<0\.01' rate=100\.00%/);
    assert.match(r.stdout, /✓ 'p\(95\)<5000'/);
    const served = target.counts.get('/fail') ?? 0;
    assert.ok(served > 0 && served < 80, `${served} requests before the abort`);
  } finally {
    await target.close();
  }
});

test('a threshold whose metric got no samples shows "no data" with a warning; --thresholds-require-data fails it; --no-thresholds ignores thresholds', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'nodata.js': `import http from 'k6/http';
import { Trend } from 'k6/metrics';
const approval = new Trend('approval_time', true);
export const options = { iterations: 2, thresholds: { approval_time: ['p(95)<100'], 'http_reqs{scenario:other}': ['count>0'], http_req_duration: ['p(95)<5000'] } };
export default function () { http.get('${target.url}/x'); }
`,
    });
    const script = path.join(dir, 'nodata.js');
    const lenient = await stampede(['run', script]);
    assert.equal(lenient.code, 0, lenient.stderr);
    assert.match(lenient.stdout, /✓ 'p\(95\)<100' no data/);
    assert.match(lenient.stdout, /✓ 'count>0' no data/);
    assert.match(lenient.stderr, /threshold 'p\(95\)<100' on approval_time had no data: it passes, as in k6; --thresholds-require-data makes it fail/);

    const strict = await stampede(['run', '--thresholds-require-data', script]);
    assert.equal(strict.code, 99, strict.stderr);
    assert.match(strict.stdout, /✗ 'p\(95\)<100' no data/);
    assert.match(strict.stdout, /✓ 'p\(95\)<5000'/);

    const none = await stampede(['run', '--no-thresholds', '--thresholds-require-data', script]);
    assert.equal(none.code, 0, none.stderr);
    assert.doesNotMatch(none.stdout, /THRESHOLDS/);
  } finally {
    await target.close();
  }
});
