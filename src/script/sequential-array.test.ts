import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSequentialArrayHelpers } from './sequential-array.ts';

// the helpers run from their source text inside compiled scripts; test that form
const { strict: arr, optional: arrOpt } = new Function(`return (${createSequentialArrayHelpers.toString()})();`)() as ReturnType<typeof createSequentialArrayHelpers>;

const later = <T>(value: T, ms = 1): Promise<T> => new Promise((r) => setTimeout(() => r(value), ms));

test('callbacks run one after another, in index order, even when later ones would finish first', async () => {
  const events: string[] = [];
  await arr.forEach([30, 1, 10], async (ms: unknown, i: unknown) => {
    events.push(`start ${i}`);
    await later(null, ms as number);
    events.push(`end ${i}`);
  });
  assert.deepEqual(events, ['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
});

test('each helper returns what the Array method returns for the same (awaited) callback', async () => {
  const list = [3, 1, 4, 1, 5, undefined, 9];
  const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const cases: Array<[string, unknown[], (...a: unknown[]) => unknown, unknown[]]> = [
    ['map', list, (x, i) => `${x}@${i}`, []],
    ['map', sparse, (x) => (x as number) * 2, []],
    ['filter', list, (x) => typeof x === 'number' && x > 2, []],
    ['some', list, (x) => x === 5, []],
    ['some', list, (x) => x === 42, []],
    ['every', list, (x) => x !== 0, []],
    ['every', sparse, (x) => x !== undefined, []],
    ['find', list, (x) => x === 1, []],
    ['findIndex', list, (x) => x === 1, []],
    ['findLast', list, (x) => x === 1, []],
    ['findLastIndex', list, (x) => x === 1, []],
    ['findIndex', sparse, (x) => x === undefined, []],
    ['reduce', [1, 2, 3], (acc, x, i) => `${acc}|${x}${i}`, []],
    ['reduce', [1, 2, 3], (acc, x) => (acc as number) + (x as number), [10]],
    ['reduce', sparse, (acc, x) => (acc as number) + (x as number), []],
    ['reduceRight', ['a', 'b', 'c'], (acc, x, i) => `${acc}${x}${i}`, []],
    ['reduceRight', ['a', 'b'], (acc, x) => `${acc}${x}`, ['>']],
    ['flatMap', [1, 2], (x) => [x, [x]], []],
    ['flatMap', sparse, (x) => x, []],
  ];
  for (const [method, input, cb, rest] of cases) {
    const expected = (input as unknown as Record<string, (...a: unknown[]) => unknown>)[method](cb, ...rest);
    const actual = await arr[method](input, (...a: unknown[]) => later(cb(...a)), ...rest);
    assert.deepEqual(actual, expected, `${method}(${JSON.stringify(input)})`);
  }
});

test('forEach returns undefined, skips holes, passes the array and honours thisArg', async () => {
  const seen: unknown[] = [];
  const self = { tag: 'me' };
  const input = ['a', , 'c']; // eslint-disable-line no-sparse-arrays
  const result = await arr.forEach(input, async function (this: { tag: string }, x: unknown, i: unknown, a: unknown) {
    seen.push([this.tag, x, i, a === input]);
  }, self);
  assert.equal(result, undefined);
  assert.deepEqual(seen, [['me', 'a', 0, true], ['me', 'c', 2, true]]);
});

test('reduce of an empty array without an initial value throws like Array#reduce', async () => {
  await assert.rejects(arr.reduce([], async () => 1), { name: 'TypeError', message: 'Reduce of empty array with no initial value' });
  assert.equal(await arr.reduce([], async () => 1, 'init'), 'init');
  await assert.rejects(arr.map([1], 'nope'), TypeError);
});

test('Map and Set forEach run sequentially; other targets call their own method and await it', async () => {
  const events: string[] = [];
  await arr.forEach(new Map([['a', 20], ['b', 1]]), async (ms: unknown, key: unknown, m: unknown) => {
    events.push(`start ${key} ${m instanceof Map}`);
    await later(null, ms as number);
    events.push(`end ${key}`);
  });
  await arr.forEach(new Set(['x']), async (v: unknown) => { events.push(`set ${v}`); });
  assert.deepEqual(events, ['start a true', 'end a', 'start b true', 'end b', 'set x']);
  const custom = { map: async (cb: (x: number) => Promise<number>) => [await cb(2)] };
  assert.deepEqual(await arr.map(custom, async (x: number) => x * 10), [20]);
});

test('nullish targets: strict helpers throw a TypeError, optional ones return undefined', async () => {
  await assert.rejects(arr.forEach(null, async () => {}), TypeError);
  assert.equal(await arrOpt.map(undefined, async () => 1), undefined);
  assert.deepEqual(await arrOpt.map([1], async (x: unknown) => (x as number) + 1), [2]);
});
