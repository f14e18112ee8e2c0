/**
 * examples/scripts/approvals-probes.ts end to end: a real redis-server, the
 * demo target executing approvals through a real BullMQ queue with one slow
 * worker, and a short run of the script. What the user sees must agree with
 * the services: the BullMQ probe's series per state, a backlog that built up
 * during the load and drained after it, and job counts that match both the
 * demo target's executed actions and BullMQ's own getJobCounts().
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { ROOT, stampede } from './helpers/cli.ts';
import { requireRedisServer, startRedisServer } from './helpers/redis-server.ts';
import type { RedisServer } from './helpers/redis-server.ts';

const SCRIPT = path.join(ROOT, 'examples', 'scripts', 'approvals-probes.ts');
const SERVER = path.join(ROOT, 'examples', 'demo-target', 'server.ts');
/** one worker at 100 ms a job (≈ 10 jobs/s) against ≈ 15 approvals/s: a backlog builds during the load */
const TARGET_ENV = { EXECUTOR_CONCURRENCY: '1', EXECUTE_AFTER_MS: '100' };
const SCRIPT_ENV = ['TIME_SCALE=0.01', 'APPROVE_BATCH=5'];
const STATES = ['waiting', 'paused', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'];

interface Point { type: string; metric: string; data: { time: string; value: number; tags: Record<string, string> } }
interface Exported { value?: number; max?: number; samples?: number; thresholds?: Record<string, boolean> }

let redis: RedisServer | undefined;
let target: { url: string; child: ChildProcess } | undefined;
let dir: string | undefined;

/** Starts the demo target as its own process, the way `stampede demo` does; resolves with its URL once it is listening. */
async function startTarget(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [SERVER, '--port', '0', '--host', '127.0.0.1'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo target did not start within 10 s: ${stderr}`)), 10_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the demo target exited with ${code}: ${stderr}`)); });
  });
  return { url, child };
}

async function stopTarget(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 12_000);
  try { return await exited; } finally { clearTimeout(killer); }
}

before(async () => {
  requireRedisServer();
  redis = await startRedisServer();
  target = await startTarget({ ...TARGET_ENV, REDIS_URL: redis.url });
  dir = await mkdtemp(path.join(tmpdir(), 'stampede-approvals-probes-'));
});

after(async () => {
  if (target) await stopTarget(target.child);
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('plan 000 with probes: the BullMQ backlog builds during the load, drains after it, and the counts agree', { timeout: 90_000 }, async (t) => {
  const summaryFile = path.join(dir!, 's.json');
  const pointsFile = path.join(dir!, 'points.ndjson');
  const run = await stampede([
    'run', '--summary-export', summaryFile, '--out', `json=${pointsFile}`,
    '-e', `BASE_URL=${target!.url}`, '-e', `REDIS_URL=${redis!.url}`, ...SCRIPT_ENV.flatMap((e) => ['-e', e]), SCRIPT,
  ], { timeoutMs: 75_000 });
  assert.equal(run.code, 0, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  assert.match(run.stdout, /PROBES/);

  const metrics = (JSON.parse(await readFile(summaryFile, 'utf8')) as { metrics: Record<string, Exported> }).metrics;
  const points = (await readFile(pointsFile, 'utf8')).split('\n').filter(Boolean)
    .map((line) => JSON.parse(line) as Point).filter((p) => p.type === 'Point');

  // the BullMQ probe: one series per state
  assert.ok(metrics.probe_approvals, 'probe_approvals is in the summary export');
  const approvals = points.filter((p) => p.metric === 'probe_approvals');
  assert.deepEqual(new Set(approvals.map((p) => p.data.tags.state)), new Set(STATES));

  // the backlog built up during the load and was empty at the end
  const backlog = metrics.probe_backlog;
  assert.ok(backlog.max! > 0, `probe_backlog max ${backlog.max}: no backlog was built`);
  assert.equal(backlog.value, 0);
  assert.deepEqual(backlog.thresholds, { 'max<100': false });
  const backlogPoints = points.filter((p) => p.metric === 'probe_backlog');
  assert.equal(backlogPoints.at(-1)!.data.value, 0);

  // …and the drain was measured: after the load, not at once
  const drain = points.filter((p) => p.metric === 'probe_backlog_drain');
  assert.equal(drain.length, 1);
  assert.equal(drain[0].data.tags.drained, 'true');
  assert.ok(drain[0].data.value > 0, `probe_backlog_drain ${drain[0].data.value}`);
  assert.equal(metrics.probe_backlog_drain.value, drain[0].data.value);
  assert.match(run.stdout, /draining after the load \(backlog\)/);

  // every job: BullMQ's own counts, the demo target's executed actions, and what the probe read
  const stats = await (await fetch(`${target!.url}/stats/actions`)).json() as { executed: number; approved: number; executor: string };
  assert.equal(stats.executor, 'queue');
  const queue = new Queue('action-executor', { connection: { host: redis!.host, port: redis!.port } });
  let counts: Record<string, number>;
  try { counts = await queue.getJobCounts(); } finally { await queue.close(); }
  assert.equal(stats.approved, 0, 'no action is left approved and not executed');
  assert.ok(stats.executed > 0);
  assert.equal(counts.completed, stats.executed);
  assert.equal(counts.waiting + counts.active + counts.delayed + counts.failed, 0);
  // after the drain every probe is read once more: the approvals probe's last read is the queue
  // after the test, every job completed, as BullMQ and the demo target count them
  const lastTime = approvals.at(-1)!.data.time;
  const lastRead = approvals.filter((p) => p.data.time === lastTime);
  assert.equal(lastRead.length, STATES.length);
  const byState = Object.fromEntries(lastRead.map((p) => [p.data.tags.state, p.data.value]));
  assert.equal(byState.completed, counts.completed, 'the probe read what getJobCounts() reports');
  assert.equal(STATES.reduce((sum, s) => sum + byState[s], 0), counts.completed, 'nothing else is left in the queue');
  assert.ok(Date.parse(lastTime) >= Date.parse(drain[0].data.time), 'read after the drain');

  t.diagnostic(`backlog max ${backlog.max}, drained in ${drain[0].data.value} ms, ${counts.completed} jobs completed = ${stats.executed} executed = ${byState.completed} read by the probe after the drain`);

  // the plan's other numbers
  assert.ok(points.some((p) => p.metric === 'approval_time' && p.data.value > 0), 'approval_time recorded');
  assert.ok(metrics.approval_time.max! > 0);
  assert.ok(metrics.probe_redis_memory.max! > 0);
  assert.deepEqual(metrics.probe_redis_memory.thresholds, { 'max<150000000': false });

  // SIGTERM closes the BullMQ worker and queue and exits 0
  assert.equal(await stopTarget(target!.child), 0);
});
