import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { callExport, compileFixture, fakeVu, loadFactory } from './test-kit.test.ts';

const SCRIPT = `import http from 'k6/http';
export function plain() {
  throw 'no account left';
}
export function object() { throw { code: 42 }; }
export function awaited() {
  throw http.get('a').status;
}
export function error() {
  throw new Error('boom');
}
export function rethrow() {
  try { plain(); } catch (e) {
    throw e;
  }
}
export function sequence() {
  let n = 0;
  throw (n++, 'after ' + n);
}
export function shipped() {
  throw 'in the page';
}
export default function () {}
`;

/** What `__vuContext.thrown` was called with, and what the script then threw. */
async function throwing(name: string, withHelper = true): Promise<{ calls: unknown[][]; thrown: unknown }> {
  const compiled = await compileFixture({ 'script.js': SCRIPT }, 'script.js');
  const vu = fakeVu();
  const calls: unknown[][] = [];
  if (withHelper) vu.context.thrown = (...args: unknown[]) => { calls.push(args); return args[0]; };
  const exports = await loadFactory(compiled)(vu.context);
  try {
    await callExport(exports, name);
  } catch (thrown) {
    return { calls, thrown };
  }
  return assert.fail(`${name} did not throw`);
}

test('throw of a non-Error passes the value unchanged through __vuContext.thrown with its file:line:column', async () => {
  const plain = await throwing('plain');
  assert.equal(plain.thrown, 'no account left');
  assert.equal(plain.calls.length, 1);
  const [value, file, line, column] = plain.calls[0];
  assert.equal(value, 'no account left');
  assert.equal(path.basename(String(file)), 'script.js');
  assert.ok(path.isAbsolute(String(file)));
  assert.deepEqual([line, column], [3, 9]);

  const object = await throwing('object');
  assert.deepEqual(object.thrown, { code: 42 });
  assert.equal(object.calls[0][0], object.thrown, 'the very same object is thrown');
  assert.deepEqual(object.calls[0].slice(2), [5, 34]);
});

test('a blocking call inside the thrown expression is still awaited first', async () => {
  const { calls, thrown } = await throwing('awaited');
  assert.equal(thrown, 200);
  assert.deepEqual(calls[0].slice(2), [7, 9]);
});

test('throw new Error(...) is left alone; a rethrow is noted where it happens', async () => {
  const error = await throwing('error');
  assert.ok(error.thrown instanceof Error);
  assert.equal(error.calls.length, 0);
  const rethrow = await throwing('rethrow');
  assert.equal(rethrow.thrown, 'no account left');
  assert.deepEqual(rethrow.calls.map((c) => c.slice(2)), [[3, 9], [14, 11]]);
});

test('a comma expression still throws its last value', async () => {
  const { calls, thrown } = await throwing('sequence');
  assert.equal(thrown, 'after 1');
  assert.deepEqual(calls[0].slice(2), [19, 10]);
});

test('without the helper (a function whose source runs elsewhere) the value is still thrown', async () => {
  const { thrown } = await throwing('plain', false);
  assert.equal(thrown, 'no account left');
  const compiled = await compileFixture({ 'script.js': SCRIPT }, 'script.js');
  const exports = await loadFactory(compiled)(fakeVu().context);
  // as a browser page would run it: from its source, where neither __vuContext nor __noteThrowSite exists
  const source = String(exports.shipped);
  const shipped = new Function(`return (${source})`)() as () => void;
  assert.throws(shipped, (e) => e === 'in the page');
});
