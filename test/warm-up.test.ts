/**
 * JIT warm-up before a high-rate arrival-rate test (issue #5): it runs
 * against an in-process server, so the target sees only the scheduled
 * iterations and the summary counts only them; it can be turned off, and a
 * bad setting is a 104.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

const WARMED = /INFO\[0000\] warmed up the HTTP path: (\d+) iterations per worker against an in-process server in \d+ ms; nothing was sent to the target/;

function openScript(url: string, rate: number): string {
  return `import http from 'k6/http';
import exec from 'k6/execution';
export const options = {
  scenarios: { open: { executor: 'constant-arrival-rate', rate: ${rate}, duration: '2s', preAllocatedVUs: 20, maxVUs: 200 } },
};
export default function () { http.get('${url}/scheduled'); }
export function teardown() { console.log('completed=' + exec.instance.iterationsCompleted); }
`;
}

test('a 1,000 it/s test warms up first; the target sees only the scheduled iterations, and so does the summary', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({ 'open.js': openScript(target.url, 1000) });
    const r = await stampede(['run', '--workers', '1', '--summary-export', path.join(dir, 's.json'), path.join(dir, 'open.js')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(WARMED.exec(r.stderr)?.[1], '500', r.stderr);
    const s = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8'));
    const started = s.metrics.iterations.count;
    const dropped = s.metrics.dropped_iterations?.count ?? 0;
    assert.equal(started + dropped, 2000, 'every scheduled iteration started or was dropped');
    assert.equal(target.total(), started, 'the target saw exactly the started iterations, none of the warm-up');
    assert.equal(target.counts.get('/scheduled'), started);
    assert.equal(s.metrics.http_reqs.count, started, 'no warm-up request in the summary');
    assert.match(r.stderr, new RegExp(`completed=${started}\\b`), 'exec.instance.iterationsCompleted counts no warm-up iteration');
  } finally {
    await target.close();
  }
});

test('no warm-up line below 500 it/s per worker (only the silent first-request warm-up), with STAMPEDE_WARM_UP=0, or without k6/http; a bad value exits 104', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'slow.js': openScript(target.url, 100),
      'fast.js': openScript(target.url, 1000),
      'nohttp.js': `export const options = { scenarios: { open: { executor: 'constant-arrival-rate', rate: 1000, duration: '1s', preAllocatedVUs: 5 } } };
export default function () {}
`,
    });
    const slow = await stampede(['run', '--workers', '1', path.join(dir, 'slow.js')]);
    assert.equal(slow.code, 0, slow.stderr);
    assert.doesNotMatch(slow.stderr, /warmed up/);
    const off = await stampede(['run', '--workers', '1', path.join(dir, 'fast.js')], { env: { STAMPEDE_WARM_UP: '0' } });
    assert.equal(off.code, 0, off.stderr);
    assert.doesNotMatch(off.stderr, /warmed up/);
    const noHttp = await stampede(['run', '--workers', '1', path.join(dir, 'nohttp.js')]);
    assert.equal(noHttp.code, 0, noHttp.stderr);
    assert.doesNotMatch(noHttp.stderr, /warmed up/);
    const bad = await stampede(['run', '--workers', '1', path.join(dir, 'fast.js')], { env: { STAMPEDE_WARM_UP: 'lots' } });
    assert.equal(bad.code, 104, bad.stderr);
    assert.match(bad.stderr, /STAMPEDE_WARM_UP: "lots" is not off, auto or a number of iterations/);
  } finally {
    await target.close();
  }
});
