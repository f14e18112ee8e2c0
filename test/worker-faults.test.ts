/**
 * A VU worker that dies or never comes back must not hang a run or lose its
 * data: out of memory (the real V8 heap limit), process.exit() in a script,
 * an endless loop in an iteration, in setup() and at the end of the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';

/** VU 1 keeps 1 MB arrays in a module-level array (a leak users really write); the others are healthy. */
const LEAK = `import { sleep } from 'k6';
import exec from 'k6/execution';
const keep = [];
export const options = { vus: 4, duration: '20s' };
export default function () {
  if (exec.vu.idInTest === 1) { for (let i = 0; i < 20; i++) keep.push(new Array(1 << 17).fill(i)); }
  sleep(0.1);
}
export function teardown() { console.log('teardown ran'); }
`;

test('a worker out of memory stops the run gracefully: named with its VUs, summary, export and history kept, exit 112', async () => {
  const dir = await scriptDir({ 'leak.js': LEAK });
  const exported = path.join(dir, 'summary.json');
  const historyDir = path.join(dir, 'history');
  const started = Date.now();
  const r = await stampede(['run', '--workers', '2', '--summary-export', exported, path.join(dir, 'leak.js')], {
    env: { NODE_OPTIONS: '--max-old-space-size=300', STAMPEDE_NO_HISTORY: '', STAMPEDE_HISTORY_DIR: historyDir }, timeoutMs: 60_000,
  });
  assert.equal(r.code, 112, r.stderr);
  assert.ok(Date.now() - started < 19_000, 'stopped before the 20 s duration');
  // VUs 1 and 3 run on worker 0 (ids are placed round-robin)
  assert.match(r.stderr, /ERRO\[\d{4}\] VU worker 0 ran out of memory \(heap limit \d+ MB\): VUs 1, 3 of scenario default stopped/);
  assert.match(r.stderr, /stopping the test: a VU worker was lost/);
  assert.match(r.stderr, /teardown ran/);
  assert.match(r.stdout, /iterations\.+: \d+/, 'the summary is printed');
  const s = JSON.parse(await readFile(exported, 'utf8'));
  assert.ok(s.metrics.iterations.count > 10, 'the healthy VUs\' iterations are kept');
  const runs = JSON.parse((await stampede(['runs', '--json'], { env: { STAMPEDE_HISTORY_DIR: historyDir } })).stdout);
  assert.equal(runs.length, 1, 'the run is in the history');
  assert.equal(runs[0].exitCode, 112);
});

test('--on-worker-loss continue: the other worker runs to the end of the duration', async () => {
  // a faster leak (40 MB an iteration) so the worker dies early even on a busy machine
  const dir = await scriptDir({ 'leak.js': LEAK.replace("duration: '20s'", "duration: '8s'").replace('i < 20', 'i < 40') });
  const exported = path.join(dir, 'summary.json');
  const started = Date.now();
  const r = await stampede(['run', '--workers', '2', '--on-worker-loss', 'continue', '--no-history', '--summary-export', exported, path.join(dir, 'leak.js')], {
    env: { NODE_OPTIONS: '--max-old-space-size=300' }, timeoutMs: 60_000,
  });
  assert.equal(r.code, 112, r.stderr);
  assert.match(r.stderr, /the test goes on with 1 VU worker/);
  assert.ok(Date.now() - started >= 8000, 'ran the whole duration');
  const s = JSON.parse(await readFile(exported, 'utf8'));
  // VUs 2 and 4 iterate every ~100 ms for 8 s (~160): well over what the run had when the worker died
  assert.ok(s.metrics.iterations.count > 80, `iterations: ${s.metrics.iterations.count}`);
});

test('process.exit() in a script ends its worker, not the run', async () => {
  const dir = await scriptDir({ 'exit.js': `import { sleep } from 'k6';
import exec from 'k6/execution';
export const options = { vus: 2, duration: '10s' };
export default function () { if (exec.vu.idInTest === 2 && exec.vu.iterationInScenario === 3) process.exit(3); sleep(0.1); }
` });
  const r = await stampede(['run', '--workers', '2', '--no-history', path.join(dir, 'exit.js')], { timeoutMs: 30_000 });
  assert.equal(r.code, 112, r.stderr);
  assert.match(r.stderr, /VU worker 1 exited unexpectedly with code 3 \(process\.exit\(\) in the script or a library\?\): VU 2 of scenario default stopped/);
  assert.match(r.stdout, /iterations/);
});

test('an endless loop in an iteration is stopped at duration + gracefulStop, as k6 does: summary, teardown, exit 0', async () => {
  const dir = await scriptDir({ 'loop.js': `import { sleep } from 'k6';
import exec from 'k6/execution';
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '3s', gracefulStop: '1s' } } };
export default function () { if (exec.vu.idInTest === 1 && exec.vu.iterationInScenario === 5) { while (true) {} } sleep(0.1); }
export function teardown() { console.log('teardown ran'); }
` });
  const exported = path.join(dir, 'summary.json');
  const started = Date.now();
  const r = await stampede(['run', '--workers', '2', '--no-history', '--summary-export', exported, path.join(dir, 'loop.js')], { timeoutMs: 30_000 });
  const took = Date.now() - started;
  assert.equal(r.code, 0, r.stderr);
  assert.ok(took < 15_000, `ended ${took} ms after the start (3 s + 1 s gracefulStop + slack)`);
  assert.match(r.stderr, /VU worker 0 had not come back to its event loop for \d+ s when the test had to end \(an endless loop in an iteration\?\): terminated it; VU 1 of scenario s interrupted/);
  assert.match(r.stderr, /teardown ran/);
  const s = JSON.parse(await readFile(exported, 'utf8'));
  // VU 1 finished 5 iterations before the loop; VU 2 ran ~30 on the other worker
  assert.ok(s.metrics.iterations.count >= 25, `iterations: ${s.metrics.iterations.count}`);
});

test('an endless loop in setup() is a setup timeout (exit 100), not a hang', async () => {
  const dir = await scriptDir({ 'setup-loop.js': `export const options = { setupTimeout: '1s' };
export function setup() { while (true) {} }
export default function () {}
` });
  const started = Date.now();
  const r = await stampede(['run', '--no-history', path.join(dir, 'setup-loop.js')], { timeoutMs: 30_000 });
  assert.equal(r.code, 100, r.stderr);
  assert.ok(Date.now() - started < 15_000);
  assert.match(r.stderr, /setup\(\) did not finish within 1000 ms/);
});
