/**
 * The edges of a high-VU run: more VUs than the process may open sockets
 * for (the warning before the start, k6's dial error for the requests that
 * find no file descriptor, and every artifact still written), and the pace
 * evidence of closed-model VUs (sleep_lateness).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, scriptDir, stampede } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

const SCRIPT = `
import http from 'k6/http';
import { sleep } from 'k6';
export default function () { http.get(__ENV.TARGET); sleep(0.25); }
`;

function runUnderFileLimit(limit: number | string, args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('prlimit', [`--nofile=${typeof limit === 'number' ? `${limit}:${limit}` : limit}`, process.execPath, path.join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out: ${stderr.slice(-2000)}`)); }, 60_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stderr }); });
  });
}

test('more VUs than open files: a warning before the start, k6\'s dial error for the VUs without a socket, and the summary export and history still written', async () => {
  const target = await startTarget();
  const dir = await scriptDir({ 'script.js': SCRIPT });
  try {
    const exported = path.join(dir, 'summary.json');
    const r = await runUnderFileLimit(150, ['run', '-u', '200', '-d', '2s', '-e', `TARGET=${target.url}/`, '--summary-export', exported, 'script.js'], dir);
    assert.equal(r.code, 0, r.stderr.slice(-3000));
    assert.match(r.stderr, /this test runs up to 200 VUs, each keeping at least one connection open, but this process may open only 150 files/);
    assert.match(r.stderr, /socket: too many open files/);
    const metrics = JSON.parse(readFileSync(exported, 'utf8')).metrics;
    const failed = metrics.http_req_failed;
    assert.ok(failed.passes > 0, 'some requests could not get a socket');
    assert.ok(failed.fails > 0, 'the VUs that had one made their requests');
    assert.equal(metrics.http_reqs.count, failed.passes + failed.fails);
    assert.equal(target.total(), failed.fails, 'what the server counted is what succeeded');
    assert.ok(existsSync(path.join(dir, '.stampede')), 'the run history was saved');
    assert.doesNotMatch(r.stderr, /EMFILE|unable to open database/);
  } finally {
    await target.close();
  }
});

test('closed-model VUs report how late they woke from sleep() (sleep_lateness), and no sleep ends early', async () => {
  const target = await startTarget();
  const dir = await scriptDir({ 'script.js': SCRIPT });
  try {
    const exported = path.join(dir, 'summary.json');
    const r = await stampede(['run', '-u', '20', '-d', '2s', '-e', `TARGET=${target.url}/`, '--summary-export', exported, 'script.js'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /sleep_lateness\.+: avg=/);
    const metrics = JSON.parse(readFileSync(exported, 'utf8')).metrics;
    assert.ok(metrics.sleep_lateness, 'sleep_lateness is in the summary export');
    assert.ok(metrics.iteration_duration.min >= 250, `iteration_duration min ${metrics.iteration_duration.min} ms for a 250 ms sleep`);
    assert.ok(metrics.sleep_lateness.min >= 0);
    assert.ok(metrics.sleep_lateness.max < 1000, `a sleep woke ${metrics.sleep_lateness.max} ms late on an idle machine`);
    assert.equal(metrics.iterations.count, target.total());
  } finally {
    await target.close();
  }
});

test('a soft open-file limit below the hard one is raised, as Go programs do: every VU gets its socket', async () => {
  const target = await startTarget();
  const dir = await scriptDir({ 'script.js': SCRIPT });
  try {
    const exported = path.join(dir, 'summary.json');
    const r = await runUnderFileLimit('150:4096', ['run', '-u', '200', '-d', '2s', '-e', `TARGET=${target.url}/`, '--summary-export', exported, 'script.js'], dir);
    assert.equal(r.code, 0, r.stderr.slice(-3000));
    assert.doesNotMatch(r.stderr, /may open only|too many open files/);
    const metrics = JSON.parse(readFileSync(exported, 'utf8')).metrics;
    assert.equal(metrics.http_req_failed.passes, 0);
    assert.equal(target.total(), metrics.http_reqs.count);
  } finally {
    await target.close();
  }
});
