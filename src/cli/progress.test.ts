import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProgress, formatElapsed, renderProgressBlock, renderProgressLine, fractionDone } from './progress.ts';
import type { ScenarioProgress } from '../run/index.ts';

const base = { elapsedMs: 0, plannedMs: 30_000, startsInMs: 0, vus: 0, maxVUs: 0, iterations: 0, gracefulStopMs: 30_000 };

test('progress header reads like k6: elapsed, VUs, complete iterations', () => {
  assert.equal(formatElapsed(65_250), '01m05.2s');
  assert.equal(formatProgress({ elapsedMs: 5_200, vus: 10, vusMax: 10, iterations: 523 }), 'running (00m05.2s), 10/10 VUs, 523 complete iterations');
});

test('one bar per scenario, by time or by iterations, with each executor\'s own measure', () => {
  const scenarios: ScenarioProgress[] = [
    { ...base, name: 'browse', executor: 'constant-vus', state: 'running', elapsedMs: 15_000, vus: 10, maxVUs: 10 },
    { ...base, name: 'ci', executor: 'constant-arrival-rate', state: 'running', elapsedMs: 3_000, plannedMs: 4_000, vus: 5, maxVUs: 50, ratePerSecond: 50 },
    { ...base, name: 'batch', executor: 'shared-iterations', state: 'done', elapsedMs: 1_500, plannedMs: 600_000, vus: 0, maxVUs: 2, iterations: 20, iterationsTotal: 20 },
    { ...base, name: 'probe', executor: 'per-vu-iterations', state: 'waiting', startsInMs: 1_000, vus: 0, maxVUs: 3, iterationsTotal: 30, perVu: 10 },
  ];
  const lines = renderProgressBlock({ elapsedMs: 15_000, vus: 15, vusMax: 65, iterations: 700, scenarios, final: false });
  assert.equal(lines[0], 'running (00m15.0s), 15/65 VUs, 700 complete iterations');
  assert.equal(lines[1], `browse   [${'='.repeat(20)}>${'-'.repeat(19)}] 10 VUs  15.0s/30s`);
  assert.equal(lines[2], `ci       [${'='.repeat(30)}>${'-'.repeat(9)}] 05/50 VUs  03.0s/4s  50.00 iters/s`);
  assert.equal(lines[3], `batch  ✓ [${'='.repeat(40)}] 0 VUs  01.5s/10m0s  20/20 shared iters`);
  assert.equal(lines[4], `probe    [>${'-'.repeat(39)}] waiting, starts in 01.0s`);
  assert.equal(fractionDone({ ...scenarios[0], plannedMs: Infinity }), 0);
  assert.equal(renderProgressLine({ elapsedMs: 15_000, vus: 15, vusMax: 65, iterations: 700, scenarios, final: false }),
    'running (00m15.0s), 15/65 VUs, 700 complete iterations; browse 50% 10 VUs, ci 75% 05/50 VUs, batch 100% 0 VUs, probe waiting');
});

test('past its planned time a scenario says it is waiting for its VUs, and for how long at most', () => {
  const s: ScenarioProgress = { ...base, name: 'slow', executor: 'constant-vus', state: 'stopping', elapsedMs: 31_000, vus: 3, maxVUs: 3 };
  const p = { elapsedMs: 31_000, vus: 3, vusMax: 3, iterations: 0, scenarios: [s], final: false };
  assert.equal(renderProgressBlock(p)[1], `slow ↓ [${'='.repeat(40)}] stopping: 3 VUs finish their iterations (gracefulStop 30s)`);
  assert.equal(renderProgressLine(p), 'running (00m31.0s), 3/3 VUs, 0 complete iterations; slow 100% stopping: 3 VUs finish their iterations (gracefulStop 30s)');
});
