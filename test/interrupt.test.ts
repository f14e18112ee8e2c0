/**
 * Ctrl-C stops a run gracefully: running iterations finish, the summary and
 * the summary export are still written, and the exit code is k6's 105.
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
    await new Promise((r) => setTimeout(r, 2000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 105, stderr);
    assert.ok(Date.now() - started < 10_000, 'stopped well before the 30 s duration');
    assert.match(stdout, /http_reqs/);
    const s = JSON.parse(await readFile(exported, 'utf8'));
    assert.equal(s.metrics.http_reqs.count, target.counts.get('/tick'), 'every request the server saw is in the summary');
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

test('SIGTERM stops gracefully as Ctrl-C does: iterations honour gracefulStop, summary printed, exit 105', async () => {
  const target = await startTarget({ '/slow1s': (_req, res) => { setTimeout(() => res.end('ok'), 1000); } });
  try {
    const dir = await scriptDir({ 'term.js': `import http from 'k6/http';
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '30s', gracefulStop: '5s' } } };
export default function () { http.get('${target.url}/slow1s'); }
` });
    const run = spawnRun([path.join(dir, 'term.js')]);
    await new Promise((r) => setTimeout(r, 1500));
    run.child.kill('SIGTERM');
    const code = await run.closed;
    assert.equal(code, 105, run.out.stderr);
    assert.match(run.out.stderr, /SIGTERM: stopping gracefully/);
    // the iterations in flight finished within gracefulStop and were counted
    const served = target.counts.get('/slow1s') ?? 0;
    assert.match(run.out.stdout, new RegExp(`http_reqs\\.*: ${served}\\b`));
  } finally {
    await target.close();
  }
});

test('a second Ctrl-C stops at once, without waiting for gracefulStop', async () => {
  const target = await startTarget({ '/hang': () => { /* never answers */ } });
  try {
    const dir = await scriptDir({ 'hang.js': `import http from 'k6/http';
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '30s', gracefulStop: '30s' } } };
export default function () { http.get('${target.url}/hang', { timeout: '60s' }); }
` });
    const run = spawnRun([path.join(dir, 'hang.js')]);
    // the VU is inside its hanging request before the first Ctrl-C
    while ((target.counts.get('/hang') ?? 0) === 0) await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    run.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 500));
    run.child.kill('SIGINT');
    const code = await run.closed;
    assert.equal(code, 105, run.out.stderr);
    assert.ok(Date.now() - started < 5000, 'did not wait for the 30 s gracefulStop');
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
    assert.match(lines[0], /^running \(00m1\d\.\ds\), 2\/2 VUs, \d+ complete iterations; browse \d+% 2 VUs$/);
    assert.match(lines[1], /complete iterations; browse 100% 0 VUs$/);
    assert.ok(!run.out.stderr.includes("\u001b["), "no terminal escapes in a log");
  } finally {
    await target.close();
  }
});
