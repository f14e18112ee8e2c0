/**
 * Ctrl-C and SIGTERM stop a run as k6 does: running iterations are
 * interrupted at once (not after gracefulStop), teardown runs, the summary
 * and the summary export are still written, and the exit code is k6's 105.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

test('SIGINT during a 30 s run exits 105 within seconds and keeps the data', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({ 'long.js': `import http from 'k6/http';\nimport { sleep } from 'k6';\nexport const options = { vus: 3, duration: '30s' };\nexport default function () { http.get('${target.url}/tick'); sleep(0.1); }\n` });
    const exported = path.join(dir, 'summary.json');
    const child = spawn(process.execPath, [path.join(ROOT, 'src/cli/main.ts'), 'run', '--summary-export', exported, path.join(dir, 'long.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const started = Date.now();
    // the test is under way: enough requests have reached the target that the
    // summary must count more than 10 even if all three VUs had one in flight
    while ((target.counts.get('/tick') ?? 0) < 14) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 105, stderr);
    assert.ok(Date.now() - started < 10_000, 'stopped well before the 30 s duration');
    assert.match(stdout, /http_reqs/);
    const s = JSON.parse(await readFile(exported, 'utf8'));
    // a request in flight when its iteration was interrupted reached the server but has no response to count
    const served = target.counts.get('/tick') ?? 0;
    assert.ok(s.metrics.http_reqs.count <= served && s.metrics.http_reqs.count >= served - 3, `summary ${s.metrics.http_reqs.count}, server ${served}`);
    assert.ok(s.metrics.http_reqs.count > 10);
  } finally {
    await target.close();
  }
});

function spawnRun(args: string[]) {
  const child = spawn(process.execPath, [path.join(ROOT, 'src/cli/main.ts'), 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => { out.stdout += d; });
  child.stderr.on('data', (d) => { out.stderr += d; });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, out, closed };
}

test('SIGTERM interrupts 60 s iterations at once (not after gracefulStop), runs teardown, keeps the data, exit 105', async () => {
  const target = await startTarget({ '/slow60s': (_req, res) => { const t = setTimeout(() => res.end('ok'), 60_000); res.on('close', () => clearTimeout(t)); } });
  try {
    const dir = await scriptDir({ 'term.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { scenarios: {
  slow: { executor: 'constant-vus', vus: 2, duration: '60s', gracefulStop: '30s', exec: 'slow' },
  sleepy: { executor: 'constant-vus', vus: 2, duration: '60s', gracefulStop: '30s', exec: 'sleepy' },
} };
export function slow() { http.get('${target.url}/slow60s', { timeout: '90s' }); }
export function sleepy() { http.get('${target.url}/fast'); sleep(60); }
export function teardown() { http.get('${target.url}/teardown'); }
` });
    const exported = path.join(dir, 'summary.json');
    const run = spawnRun(['--summary-export', exported, path.join(dir, 'term.js')]);
    // every VU is inside its long iteration before the signal
    while ((target.counts.get('/slow60s') ?? 0) < 2 || (target.counts.get('/fast') ?? 0) < 2) await new Promise((r) => setTimeout(r, 50));
    const signalled = Date.now();
    run.child.kill('SIGTERM');
    const code = await run.closed;
    const tookMs = Date.now() - signalled;
    assert.equal(code, 105, run.out.stderr);
    assert.ok(tookMs < 10_000, `stopped ${tookMs} ms after SIGTERM, not after the 30 s gracefulStop`);
    assert.match(run.out.stderr, /SIGTERM: interrupting the running iterations/);
    assert.equal(target.counts.get('/teardown'), 1, 'teardown ran');
    // the interrupted iterations are not complete ones; what finished is kept
    const s = JSON.parse(await readFile(exported, 'utf8'));
    assert.equal(s.metrics.iterations, undefined, 'no iteration completed');
    assert.equal(s.metrics.http_reqs.count, 3, 'the two fast requests and teardown\'s');
    assert.match(run.out.stdout, /http_reqs/);
  } finally {
    await target.close();
  }
});

test('a second Ctrl-C stops at once, without waiting for a slow teardown', async () => {
  const target = await startTarget({ '/hang': () => { /* never answers */ } });
  try {
    const dir = await scriptDir({ 'hang.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '30s', gracefulStop: '30s' } } };
export default function () { http.get('${target.url}/hang', { timeout: '60s' }); }
export function teardown() { http.get('${target.url}/teardown'); sleep(30); }
` });
    const run = spawnRun([path.join(dir, 'hang.js')]);
    // the VU is inside its hanging request before the first Ctrl-C
    while ((target.counts.get('/hang') ?? 0) === 0) await new Promise((r) => setTimeout(r, 50));
    run.child.kill('SIGINT');
    // the first one interrupted the iteration at once; teardown now sleeps
    while ((target.counts.get('/teardown') ?? 0) === 0) await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    run.child.kill('SIGINT');
    const code = await run.closed;
    assert.equal(code, 105, run.out.stderr);
    assert.ok(Date.now() - started < 5000, 'did not wait for teardown');
    assert.match(run.out.stderr, /stopping at once/);
  } finally {
    await target.close();
  }
});

test('not on a TTY, progress is one status line at most every 10 s, and a final one', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({ 'p.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { scenarios: { browse: { executor: 'constant-vus', vus: 2, duration: '11s' } } };
export default function () { http.get('${target.url}/p'); sleep(0.5); }
` });
    const run = spawnRun([path.join(dir, 'p.js')]);
    const code = await run.closed;
    assert.equal(code, 0, run.out.stderr);
    const lines = run.out.stderr.split('\n').filter((l) => l.startsWith('running ('));
    assert.equal(lines.length, 2, run.out.stderr);
    // printed 10-11 s in: still running, or (at the 11 s planned end) waiting for its VUs
    assert.match(lines[0], /^running \(00m1\d\.\ds\), 2\/2 VUs, \d+ complete iterations; browse (\d+% 2 VUs|100% stopping: 2 VUs finish their iterations \(gracefulStop 30s\))$/);
    assert.match(lines[1], /complete iterations; browse 100% 0 VUs$/);
    assert.ok(!run.out.stderr.includes("\u001b["), "no terminal escapes in a log");
  } finally {
    await target.close();
  }
});
