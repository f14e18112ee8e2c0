import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExemplarKeeper, OTHER_NAMES, type Exemplar, type ExemplarKeeperOptions } from './exemplars.ts';
import { Batcher } from './batcher.ts';
import { MetricStore } from './store.ts';
import { mulberry32 } from '../lib/index.ts';

const seeded = mulberry32;

function request(id: number, name: string, duration: number, failed = false): Exemplar {
  return {
    time: 1_000 + id, name, method: 'GET', url: `http://127.0.0.1/${name}`, status: failed ? 503 : 200, errorCode: failed ? 1503 : 0, error: '', failed,
    scenario: 'default', vu: 1, iteration: id, group: '',
    timings: { duration, blocked: 0, connecting: 0, tlsHandshaking: 0, sending: 0, waiting: duration, receiving: 0 },
    headers: { 'X-Request-Id': `req-${id}` },
  };
}

/** Offers a request the way k6/http does: consider first, build and keep only when let in. */
function offer(k: ExemplarKeeper, id: number, name: string, duration: number, failed = false): void {
  if (k.consider(name, duration, failed)) k.keep(request(id, name, duration, failed));
}

const ids = (list: Exemplar[]) => list.map((e) => e.headers['X-Request-Id']);

test('exemplars: the N slowest requests of each name, slowest first', () => {
  const k = new ExemplarKeeper({ perName: 3 });
  const durations = [5, 80, 12, 300, 7, 150, 300.5, 1, 90];
  durations.forEach((d, i) => offer(k, i, 'items', d));
  offer(k, 100, 'health', 2);
  const r = k.report();
  assert.deepEqual(r.groups.map((g) => g.name), ['items', 'health']);
  assert.deepEqual(r.groups[0].slowest.map((e) => e.timings.duration), [300.5, 300, 150]);
  assert.deepEqual(ids(r.groups[0].slowest), ['req-6', 'req-3', 'req-5']);
  assert.deepEqual(ids(r.groups[1].slowest), ['req-100']);
  assert.equal(r.groups[0].failedSeen, 0);
});

test('exemplars: consider() turns away a request that cannot enter a list, so nothing is built for it', () => {
  const k = new ExemplarKeeper({ perName: 2 });
  offer(k, 1, 'a', 100);
  offer(k, 2, 'a', 200);
  assert.equal(k.consider('a', 50, false), false);
  assert.equal(k.consider('a', 150, false), true);
});

test('exemplars: every failed request is counted; N of them are kept; with fewer than N, all', () => {
  const k = new ExemplarKeeper({ perName: 4, random: seeded(1) });
  for (let i = 0; i < 3; i++) offer(k, i, 'pay', 1, true);
  let g = k.report().groups[0];
  assert.equal(g.failedSeen, 3);
  assert.deepEqual(ids(g.failed), ['req-0', 'req-1', 'req-2']);
  for (let i = 3; i < 1000; i++) offer(k, i, 'pay', 1, true);
  g = k.report().groups[0];
  assert.equal(g.failedSeen, 1000);
  assert.equal(g.failed.length, 4);
  assert.ok(g.failed.every((e) => e.failed && e.status === 503));
});

test('exemplars: the failed sample is uniform: over many runs each failed request is kept about N/total of the time', () => {
  const random = seeded(42);
  const total = 50;
  const perName = 5;
  const trials = 4000;
  const kept = new Array<number>(total).fill(0);
  for (let t = 0; t < trials; t++) {
    const k = new ExemplarKeeper({ perName, random });
    for (let i = 0; i < total; i++) offer(k, i, 'x', 1, true);
    for (const e of k.report().groups[0].failed) kept[e.iteration]++;
  }
  const expected = (trials * perName) / total; // 400
  for (let i = 0; i < total; i++) assert.ok(Math.abs(kept[i] - expected) < expected * 0.25, `request ${i} kept ${kept[i]} times, expected about ${expected}`);
});

test('exemplars: keepers merged through their deltas hold exactly what one keeper of every request holds', () => {
  const opts = (seed: number): ExemplarKeeperOptions => ({ perName: 5, random: seeded(seed) });
  const durations = seeded(7);
  const requests = Array.from({ length: 3000 }, (_, i) => ({ id: i, name: `n${i % 3}`, duration: Math.round(durations() * 10_000) / 10, failed: i % 7 === 0 }));
  // one keeper sees everything; three workers each see a third, with their own random keys
  const workers = [new ExemplarKeeper(opts(11)), new ExemplarKeeper(opts(12)), new ExemplarKeeper(opts(13))];
  const main = new ExemplarKeeper({ perName: 5 });
  const keys = new Map<number, number>();
  requests.forEach((r, i) => {
    const w = workers[i % 3];
    if (w.consider(r.name, r.duration, r.failed)) {
      const ex = request(r.id, r.name, r.duration, r.failed);
      w.keep(ex);
      if (ex.sampleKey !== undefined) keys.set(r.id, ex.sampleKey);
    }
    if (i % 97 === 0) for (const wk of workers) { const d = wk.takeDelta(); if (d) main.merge(structuredClone(d)); }
  });
  for (const wk of workers) { const d = wk.takeDelta(); if (d) main.merge(structuredClone(d)); }
  const report = main.report();
  for (const name of ['n0', 'n1', 'n2']) {
    const g = report.groups.find((x) => x.name === name)!;
    const mine = requests.filter((r) => r.name === name);
    const slowest = mine.slice().sort((a, b) => b.duration - a.duration).slice(0, 5);
    assert.deepEqual(g.slowest.map((e) => e.timings.duration), slowest.map((r) => r.duration), name);
    assert.equal(g.failedSeen, mine.filter((r) => r.failed).length, name);
    // the failed sample: the 5 smallest keys among the failed requests that were ever kept by a worker
    const smallest = [...keys].filter(([id]) => requests[id].name === name).sort((a, b) => a[1] - b[1]).slice(0, 5).map(([id]) => id).sort((a, b) => a - b);
    assert.deepEqual(g.failed.map((e) => e.iteration).sort((a, b) => a - b), smallest, name);
  }
});

test('exemplars: past the cap on names, requests share "(other names)" and keep their own name', () => {
  const k = new ExemplarKeeper({ perName: 2, maxNames: 3 });
  for (let i = 0; i < 10; i++) offer(k, i, `/item/${i}`, i);
  const r = k.report();
  assert.equal(r.namesCapped, true);
  assert.deepEqual(r.groups.map((g) => g.name), ['/item/0', '/item/1', '/item/2', OTHER_NAMES]);
  assert.deepEqual(r.groups[3].slowest.map((e) => e.name), ['/item/9', '/item/8']);
});

test('exemplars: a million requests of ever-new names and ever-slower durations keep bounded lists', () => {
  const k = new ExemplarKeeper({ perName: 5, maxNames: 500, random: seeded(3) });
  let sent = 0;
  for (let i = 0; i < 1_000_000; i++) {
    offer(k, i, `/u/${i}`, i, i % 10 === 0);
    if (i % 10_000 === 9_999) sent += k.takeDelta()?.records.length ?? 0;
  }
  const r = k.report();
  assert.equal(r.groups.length, 501);
  const held = r.groups.reduce((n, g) => n + g.slowest.length + g.failed.length, 0);
  assert.ok(held <= 501 * 10, `${held} held`);
  assert.equal(r.groups.reduce((n, g) => n + g.failedSeen, 0), 100_000);
  // a delta carries only what is still held when it is cut, not every request that passed through
  assert.ok(sent < 1_000_000 / 10, `${sent} sent`);
});

test('exemplars: setPerName(0) keeps nothing; a smaller N cuts the lists', () => {
  const k = new ExemplarKeeper({ perName: 5 });
  for (let i = 0; i < 5; i++) offer(k, i, 'a', i);
  k.setPerName(2);
  assert.deepEqual(k.report().groups[0].slowest.map((e) => e.timings.duration), [4, 3]);
  k.setPerName(0);
  assert.equal(k.consider('a', 1000, true), false);
});

test('exemplars: a worker batch carries the delta and the main store merges it', () => {
  const b = new Batcher();
  b.define({ name: 'http_reqs', type: 'counter', contains: 'default' });
  offer(b.exemplars, 1, 'items', 250);
  offer(b.exemplars, 2, 'items', 5, true);
  const batch = b.cut(5_000)!;
  assert.equal(batch.exemplars?.records.length, 2);
  assert.deepEqual(batch.exemplars?.failedCounts, [['items', 1]]);
  const store = new MetricStore();
  store.merge(structuredClone(batch));
  const g = store.exemplarReport().groups[0];
  assert.deepEqual(ids(g.slowest), ['req-1', 'req-2']);
  assert.deepEqual(ids(g.failed), ['req-2']);
  // nothing new: the next cut has no exemplars, and none at all when nothing else changed
  assert.equal(b.cut(5_100), undefined);
});

test('exemplars: a keeper that only merges (the main thread\'s) holds no more than its lists, even as every request is a new slowest', () => {
  const worker = new ExemplarKeeper({ perName: 5 });
  const main = new ExemplarKeeper({ perName: 5 });
  for (let i = 0; i < 200_000; i++) {
    offer(worker, i, `n${i % 3}`, i);
    if (i % 100 === 99) { const d = worker.takeDelta(); if (d) main.merge(d); }
  }
  assert.ok(main.pendingCount <= 3 * 5, `${main.pendingCount} records pending in a keeper nobody takes deltas from`);
  const top = Object.fromEntries(main.report().groups.map((g) => [g.name, g.slowest[0].timings.duration]));
  assert.deepEqual(top, { n0: 199_998, n1: 199_999, n2: 199_997 });
});

test('exemplars: workers that reach the cap on names in different orders: their capped requests and failures go to "(other names)", never to a name', () => {
  const a = new ExemplarKeeper({ perName: 5, maxNames: 2, random: seeded(5) });
  const b = new ExemplarKeeper({ perName: 5, maxNames: 2, random: seeded(6) });
  const main = new ExemplarKeeper({ perName: 5, maxNames: 2 });
  let failures = 0;
  // worker a sees x, y, z; worker b sees z, y, x: each caps a different name
  ['x', 'y', 'z'].forEach((name, i) => { offer(a, i, name, 10 + i, true); failures++; });
  ['z', 'y', 'x'].forEach((name, i) => { offer(b, 10 + i, name, 20 + i, true); failures++; });
  main.merge(structuredClone(b.takeDelta()!));
  main.merge(structuredClone(a.takeDelta()!));
  const r = main.report();
  assert.equal(r.namesCapped, true);
  assert.deepEqual(r.groups.map((g) => g.name), ['z', 'y', OTHER_NAMES]);
  for (const g of r.groups) assert.ok(g.failedSeen >= g.failed.length, `${g.name}: ${g.failed.length} sampled of ${g.failedSeen}`);
  assert.equal(r.groups.reduce((n, g) => n + g.failedSeen, 0), failures);
  // a's capped z went to a's "(other names)", and stays out of main's z
  assert.deepEqual(r.groups[0].slowest.map((e) => e.iteration), [10]);
  assert.deepEqual(r.groups[2].slowest.map((e) => e.name).sort(), ['x', 'x', 'z']);
});
