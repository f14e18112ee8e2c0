/**
 * Plan 002's chaos drills end to end (issue #17): a real redis-server and
 * PostgreSQL, the demo target as a child process reaching them through the
 * ports the drill's fault proxies listen on, and each drill script of
 * examples/scripts/drills run in short mode (TIME_SCALE=0.05, ~15 s) by the
 * CLI. What a user sees: exit 0 (thresholds hold), the window's samples
 * tagged fault=<name>, recovery_time per fault, the queue backlog built up
 * in the outage and drained after it, the failover's 5xx within the plan's 2,
 * Redis emptied by the purge and refilled after.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, scriptDir, stampede } from './helpers/cli.ts';
import { startRedisServer } from './helpers/redis-server.ts';
import { startPostgres } from './helpers/postgres-server.ts';
import { freePort } from './helpers/target.ts';

interface Point { type: string; metric: string; data: { time: string; value: number; tags: Record<string, string> } }
interface Summary { metrics: Record<string, Record<string, unknown> & { thresholds?: Record<string, boolean> }> }

const DRILLS = path.join(ROOT, 'examples', 'scripts', 'drills');
const SHORT = ['-e', 'TIME_SCALE=0.05'];

/** The demo target as a user starts it; resolves once it prints its address. */
async function startTarget(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; log: () => string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'examples', 'demo-target', 'server.ts'), '--port', String(port)], {
    env: { ...process.env, SERVICES_WAIT_MS: '30000', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 12_000);
    await exited;
    clearTimeout(killer);
  };
  return { url: `http://127.0.0.1:${port}`, child, log: () => output, stop };
}

async function waitListening(target: { child: ChildProcess; log: () => string }, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!/listening on/.test(target.log())) {
    if (target.child.exitCode !== null || Date.now() > deadline) throw new Error(`demo target did not start:\n${target.log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function points(file: string): Promise<Point[]> {
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Point).filter((p) => p.type === 'Point');
}

/** Runs one drill script with a summary export and a JSON output; returns both and the CLI's result. */
async function runDrill(script: string, args: string[]) {
  const dir = await scriptDir({});
  const out = path.join(dir, 'points.ndjson');
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--out', `json=${out}`, '--summary-export', exported, ...SHORT, ...args, path.join(DRILLS, script)], { timeoutMs: 90_000 });
  const summary = JSON.parse(await readFile(exported, 'utf8').catch(() => '{"metrics":{}}')) as Summary;
  return { r, summary, all: await points(out).catch(() => [] as Point[]) };
}

function windowOf(all: Point[], fault: string): [number, number] {
  const marks = all.filter((p) => p.metric === 'chaos_fault' && p.data.tags.fault === fault).map((p) => Date.parse(p.data.time));
  assert.equal(marks.length, 2, `chaos_fault opened and closed ${fault}`);
  return [marks[0], marks[1]];
}

test('queue outage: the workers cut off for the window, notifications still accepted, the backlog drains after', { timeout: 120_000 }, async () => {
  const redis = await startRedisServer();
  const proxyPort = await freePort();
  const target = await startTarget({ REDIS_URL: redis.url, NOTIFICATIONS_WORKER_REDIS_URL: `redis://127.0.0.1:${proxyPort}` });
  try {
    await waitListening(target);
    const { r, summary, all } = await runDrill('queue-outage.ts', [
      '-e', `BASE_URL=${target.url}`, '-e', `REDIS_URL=${redis.url}`, '-e', `REDIS_PROXY=127.0.0.1:${proxyPort}`, '-e', 'JOBS=900',
    ]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}\n${target.log()}`);
    const failed = summary.metrics['http_req_failed{fault:queue_outage}'];
    assert.ok(failed, 'the outage has its own http_req_failed');
    assert.equal(failed.thresholds?.['rate<0.01'], false);
    const [opened, closed] = windowOf(all, 'queue_outage');
    const inWindow = all.filter((p) => p.metric === 'http_reqs' && p.data.tags.fault === 'queue_outage');
    assert.ok(inWindow.length >= 500, `${inWindow.length} notifications posted during the outage`);
    // the backlog: built up while the workers were away, empty after
    const backlog = all.filter((p) => p.metric === 'probe_backlog');
    const peak = Math.max(...backlog.filter((p) => Date.parse(p.data.time) <= closed + 250).map((p) => p.data.value));
    assert.ok(peak >= 300, `backlog peaked at ${peak} jobs during the outage`);
    assert.equal(backlog.at(-1)!.data.value, 0, 'backlog empty at the end');
    const drain = all.filter((p) => p.metric === 'probe_backlog_drain');
    assert.equal(drain.length, 1);
    assert.notEqual(drain[0].data.tags.drained, 'false', 'drained before the timeout');
    const emptyAgain = backlog.find((p) => Date.parse(p.data.time) > closed && p.data.value === 0);
    const recovery = all.filter((p) => p.metric === 'recovery_time' && p.data.tags.fault === 'queue_outage');
    assert.equal(recovery.length, 1);
    console.log(`queue outage: window ${closed - opened} ms, ${inWindow.length} posts in it, failed ${failed.value}, peak backlog ${peak}, `
      + `empty ${emptyAgain ? Date.parse(emptyAgain.data.time) - closed : 'never'} ms after the restore, drain after the load ${drain[0].data.value} ms, recovery ${recovery[0].data.value} ms`);
    const stats = await (await fetch(`${target.url}/stats/drills`)).json() as { notifications: { enqueued: number; sent: number } };
    assert.equal(stats.notifications.sent, stats.notifications.enqueued, 'every notification sent');
  } finally {
    await target.stop();
    await redis.stop();
  }
});

test('database failover while the load ramps: reads retried, at most 2 5xx, requests inside both windows', { timeout: 120_000 }, async () => {
  const pg = await startPostgres();
  const proxyPort = await freePort();
  const viaProxy = new URL(pg.url);
  viaProxy.port = String(proxyPort);
  // started with the run: the target waits for its database behind the run's proxy, setup() waits for the target
  const target = await startTarget({ DATABASE_URL: viaProxy.toString() });
  try {
    const { r, summary, all } = await runDrill('db-failover.ts', [
      '-e', `BASE_URL=${target.url}`, '-e', `DB_PROXY=127.0.0.1:${proxyPort}`, '-e', `DB_UPSTREAM=127.0.0.1:${pg.port}`, '-e', 'VUS=10',
    ]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}\n${target.log()}`);
    const reqs = all.filter((p) => p.metric === 'http_reqs' && p.data.tags.name === 'GET /profiles/:id');
    const errors = reqs.filter((p) => Number(p.data.tags.status) >= 500);
    assert.ok(errors.length <= 2, `${errors.length} 5xx`);
    assert.equal(summary.metrics.server_errors.count, errors.length);
    const [resetOpened] = windowOf(all, 'failover_reset');
    const [, downClosed] = windowOf(all, 'failover_down');
    for (const fault of ['failover_reset', 'failover_down']) {
      assert.equal(all.filter((p) => p.metric === 'recovery_time' && p.data.tags.fault === fault).length, 1, `recovery_time{fault:${fault}}`);
    }
    // a read sent during the failover waits (the target's retry) and ends after it: count the requests by when they were sent
    const durations = all.filter((p) => p.metric === 'http_req_duration' && p.data.tags.name === 'GET /profiles/:id');
    const sentDuring = durations.filter((p) => { const sent = Date.parse(p.data.time) - p.data.value; return sent >= resetOpened && sent <= downClosed; });
    assert.ok(sentDuring.length > 0, 'requests sent during the failover');
    const stats = await (await fetch(`${target.url}/stats/drills`)).json() as { profiles: { reads: number; dbRetries: number; dbFailures: number } };
    assert.ok(stats.profiles.dbRetries > 0, 'the failover made reads retry');
    const tagged = (f: string) => reqs.filter((p) => p.data.tags.fault === f).length;
    const rec = (f: string) => all.find((p) => p.metric === 'recovery_time' && p.data.tags.fault === f)?.data.value;
    console.log(`db failover: window ${downClosed - resetOpened} ms, ${reqs.length} reads, ${errors.length} 5xx, ${sentDuring.length} sent during the failover `
      + `(slowest ${Math.round(Math.max(...sentDuring.map((p) => p.data.value)))} ms; ${tagged('failover_reset')}/${tagged('failover_down')} ended inside reset/down), `
      + `retries ${stats.profiles.dbRetries}, failures ${stats.profiles.dbFailures}, recovery ${rec('failover_reset')} / ${rec('failover_down')} ms`);
  } finally {
    await target.stop();
    await pg.stop();
  }
});

test('cache purge at peak: Redis emptied, reads fall back to the database, the spike under 200 ms, the cache refilled', { timeout: 120_000 }, async () => {
  const redis = await startRedisServer();
  const pg = await startPostgres();
  const target = await startTarget({ REDIS_URL: redis.url, DATABASE_URL: pg.url });
  try {
    await waitListening(target);
    const { r, summary, all } = await runDrill('cache-purge.ts', ['--allow-exec', '-e', `BASE_URL=${target.url}`, '-e', `REDIS_URL=${redis.url}`, '-e', 'VUS=10']);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}\n${target.log()}`);
    const left = /chaos cache_purge: OK[\s\S]*?chaos cache_purge: (\d+)/.exec(r.stderr);
    assert.ok(left, `the flush ran and DBSIZE was logged:\n${r.stderr}`);
    const [opened, closed] = windowOf(all, 'cache_purge');
    const keys = all.filter((p) => p.metric === 'probe_cache_keys');
    const before = Math.max(...keys.filter((p) => Date.parse(p.data.time) < opened).map((p) => p.data.value));
    const after = keys.at(-1)!.data.value;
    assert.ok(before >= 100, `${before} keys cached before the flush`);
    assert.ok(Number(left[1]) < before / 2, `${left[1]} keys right after the flush`);
    assert.ok(after >= before * 0.9, `cache refilled: ${after} keys at the end`);
    const duration = summary.metrics['http_req_duration{fault:cache_purge}'];
    assert.ok(duration, 'requests inside the purge window have their own http_req_duration');
    assert.equal(duration.thresholds?.['p(95)<200'], false);
    const misses = all.filter((p) => p.metric === 'cache_hits' && p.data.tags.fault === 'cache_purge' && p.data.value === 0);
    assert.ok(misses.length > 0, 'reads missed the cache in the window and were served by the database');
    const rec = all.find((p) => p.metric === 'recovery_time' && p.data.tags.fault === 'cache_purge');
    assert.ok(rec, 'recovery_time{fault:cache_purge}');
    console.log(`cache purge: window ${closed - opened} ms, ${before} keys before, ${left[1]} right after, ${after} at the end, `
      + `p95 in window ${duration['p(95)']} ms (overall ${summary.metrics.http_req_duration['p(95)']} ms), misses in window ${misses.length}, recovery ${rec.data.value} ms`);
  } finally {
    await target.stop();
    await Promise.all([redis.stop(), pg.stop()]);
  }
});
