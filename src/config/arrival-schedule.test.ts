import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArrivalSchedule } from './arrival-schedule.ts';

function offsets(s: ArrivalSchedule): number[] {
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const t = s.offsetOf(i);
    if (t === undefined) return out;
    out.push(t);
  }
}

test('constant 50/s for 4 s starts 200 iterations every 20 ms from 0', () => {
  const s = new ArrivalSchedule(50, [{ durationMs: 4000, target: 50 }], 1000);
  const t = offsets(s);
  assert.equal(t.length, 200);
  assert.equal(s.total, 200);
  t.forEach((v, i) => assert.ok(Math.abs(v - i * 20) < 1e-6, `iteration ${i} at ${v}`));
});

test('a rate per minute spaces iterations by timeUnit / rate', () => {
  const t = offsets(new ArrivalSchedule(3, [{ durationMs: 60_000, target: 3 }], 60_000));
  assert.deepEqual(t.map(Math.round), [0, 20_000, 40_000]);
});

test('ramping 20 -> 50 (2 s) -> 120 (3 s) -> 20 (1 s) starts 395 iterations, following the curve', () => {
  const s = new ArrivalSchedule(20, [{ durationMs: 2000, target: 50 }, { durationMs: 3000, target: 120 }, { durationMs: 1000, target: 20 }], 1000);
  const t = offsets(s);
  assert.equal(t.length, 395);
  // 70 iterations are due in the first stage, 255 in the second, 70 in the last
  assert.equal(t.filter((v) => v < 2000).length, 70);
  assert.equal(t.filter((v) => v >= 2000 && v < 5000).length, 255);
  assert.equal(t.filter((v) => v >= 5000).length, 70);
  for (let i = 1; i < t.length; i++) assert.ok(t[i] > t[i - 1], 'strictly increasing');
  // in the first second of a 20 -> 50 ramp, 20 + 7.5 = 27.5 iterations are due
  assert.equal(t.filter((v) => v < 1000).length, 28);
  assert.ok(t.at(-1)! < 6000);
});

test('ramping from 0 and a zero-length stage jump work; random access matches sequential', () => {
  const s = new ArrivalSchedule(0, [{ durationMs: 1000, target: 10 }, { durationMs: 0, target: 100 }, { durationMs: 1000, target: 100 }], 1000);
  const t = offsets(s);
  assert.equal(t.length, 5 + 100);
  assert.equal(t[0], 0);
  // the rate grows by 10/s per second = 1e-5 iterations/ms²: due(t) = 1e-5·t²/2, so the 2nd start is at sqrt(2/1e-5)
  assert.ok(Math.abs(t[1] - Math.sqrt(2 / 1e-5)) < 1e-6, `second start at ${t[1]}`);
  assert.equal(s.offsetOf(3), t[3]);
  assert.equal(s.offsetOf(50), t[50]);
  assert.equal(s.offsetOf(105), undefined);
});
