import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { openHistory } from './store.ts';
import type { RunReport } from '../reports/index.ts';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'stampede-history-unit-'));
}

/** A finished run with the given p95 and error rate. */
function report(o: { startedAt: number; script?: string; status?: RunReport['status']; p95?: number; errorRate?: number; tags?: Record<string, string>; commit?: string }): RunReport {
  return {
    format: 'stampede-run/1',
    script: o.script ?? 'load.js',
    startedAt: o.startedAt,
    durationMs: 3000,
    status: o.status ?? 'passed',
    exitCode: o.status === 'failed' ? 99 : 0,
    tags: o.tags ?? {},
    commit: o.commit,
    scenarios: ['default'],
    definitions: [{ name: 'http_reqs', type: 'counter', contains: 'default' }],
    timeline: { periodMs: 1000, startedAt: o.startedAt, series: [{ metric: 'http_reqs', stat: 'count', scope: { kind: 'all' }, points: [[1000, 10], [2000, 12], [3000, 8]] }] },
    summary: {
      root_group: { name: '', path: '', id: 'x', groups: [], checks: [] },
      options: { summaryTrendStats: ['avg', 'p(95)'], summaryTimeUnit: '', noColor: true },
      state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 3000 },
      metrics: {
        http_reqs: { type: 'counter', contains: 'default', values: { count: 30, rate: 10 } },
        http_req_duration: { type: 'trend', contains: 'time', values: { avg: (o.p95 ?? 20) * 0.8, 'p(95)': o.p95 ?? 20 } },
        http_req_failed: { type: 'rate', contains: 'default', values: { rate: o.errorRate ?? 0, passes: 0, fails: 30 } },
      },
    },
  };
}

const T0 = Date.UTC(2026, 10, 29, 15, 12, 3);

test('save returns a sortable id from the start time; get returns the report as saved, summary included', () => {
  const dir = path.join(tempDir(), 'nested', '.stampede');
  const h = openHistory(dir);
  try {
    const r = report({ startedAt: T0, tags: { env: 'ci' }, commit: 'abc1234def' });
    const id = h.save(r);
    assert.match(id, /^20261129-151203-[0-9a-f]{4}$/);
    assert.deepEqual(h.get(id), { ...r, id });
    assert.ok(existsSync(path.join(dir, 'history.db')));
  } finally {
    h.close();
  }
});

test('refs: id, unique prefix, last, last-passed (optionally per script); an ambiguous prefix is an error', () => {
  const h = openHistory(tempDir());
  try {
    const a = h.save(report({ startedAt: T0, p95: 10 }));
    const b = h.save(report({ startedAt: T0 + 60_000, p95: 11, script: 'other.js' }));
    const c = h.save(report({ startedAt: T0 + 120_000, p95: 12, status: 'failed' }));
    assert.equal(h.get('last')?.id, c);
    assert.equal(h.get('last-passed')?.id, b);
    assert.equal(h.get('last-passed', { script: 'load.js' })?.id, a);
    assert.equal(h.get('last', { script: 'other.js' })?.id, b);
    assert.equal(h.get(b.slice(0, 13))?.id, b, 'a prefix down to the minute is unique here');
    assert.equal(h.get('nope'), undefined);
    assert.equal(h.get('2099'), undefined);
    assert.throws(() => h.get('2026'), /"2026" matches several runs: 20261129-1512/);
    assert.equal(h.get('last-passed', { script: 'none.js' }), undefined);
  } finally {
    h.close();
  }
});

test('list is newest first with the key numbers; trend is oldest first and reads any summary value', () => {
  const h = openHistory(tempDir());
  try {
    const ids = [10, 12, 15, 11].map((p95, i) => h.save(report({ startedAt: T0 + i * 1000, p95, errorRate: i / 100, tags: { i: String(i) }, commit: i === 3 ? 'ffeeddccbbaa' : undefined })));
    const rows = h.list();
    assert.deepEqual(rows.map((r) => r.id), [...ids].reverse());
    assert.deepEqual(rows[0], {
      id: ids[3], startedAt: T0 + 3000, script: 'load.js', status: 'passed', exitCode: 0, tags: { i: '3' }, commit: 'ffeeddccbbaa', durationMs: 3000,
      httpReqs: 30, httpReqRate: 10, p95: 11, errorRate: 0.03, checksRate: undefined,
    });
    assert.equal(h.list({ limit: 2 }).length, 2);
    assert.deepEqual(h.trend('http_req_duration', 'p(95)', 3).map((p) => [p.id, p.value]), [[ids[1], 12], [ids[2], 15], [ids[3], 11]]);
    assert.deepEqual(h.trend('http_req_failed', 'rate', 2).map((p) => p.value), [0.02, 0.03]);
    assert.deepEqual(h.trend('http_req_failed', 'rate', 1)[0].kind, { type: 'rate', contains: 'default' });
    assert.deepEqual(h.trend('no_such_metric', 'avg', 2).map((p) => p.value), [undefined, undefined]);
    assert.deepEqual(h.trend('http_req_duration', 'p(99)', 1).map((p) => p.value), [undefined]);
  } finally {
    h.close();
  }
});

test('the database is WAL with a busy timeout, and a newer schema is refused', () => {
  const dir = tempDir();
  openHistory(dir).close();
  const db = new DatabaseSync(path.join(dir, 'history.db'));
  assert.equal((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode, 'wal');
  db.exec('PRAGMA user_version = 99');
  db.close();
  assert.throws(() => openHistory(dir), /history\.db was written by a newer Stampede \(history schema 99/);
});

test('long timelines are stored coarse: at most 120 periods, counts summed', () => {
  const h = openHistory(tempDir());
  try {
    const r = report({ startedAt: T0 });
    r.timeline.series[0].points = Array.from({ length: 600 }, (_, i) => [(i + 1) * 1000, 2] as [number, number]);
    const id = h.save(r);
    const saved = h.get(id)!;
    assert.equal(saved.timeline.periodMs, 5000);
    assert.equal(saved.timeline.series[0].points.length, 120);
    assert.deepEqual(saved.timeline.series[0].points[0], [5000, 10]);
  } finally {
    h.close();
  }
});

test('several processes saving at once all succeed (WAL + busy timeout)', async () => {
  const dir = tempDir();
  const store = fileURLToPath(new URL('./store.ts', import.meta.url));
  const writer = `
    import { openHistory } from ${JSON.stringify(store)};
    const h = openHistory(${JSON.stringify(dir)});
    const r = ${JSON.stringify(report({ startedAt: T0 }))};
    for (let i = 0; i < 25; i++) h.save({ ...r, startedAt: r.startedAt + i });
    h.close();`;
  const codes = await Promise.all(Array.from({ length: 6 }, () => new Promise<[number | null, string]>((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve([code, stderr]));
  })));
  for (const [code, stderr] of codes) assert.equal(code, 0, stderr);
  const h = openHistory(dir);
  try {
    const rows = h.list();
    assert.equal(rows.length, 150);
    assert.equal(new Set(rows.map((r) => r.id)).size, 150);
  } finally {
    h.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
