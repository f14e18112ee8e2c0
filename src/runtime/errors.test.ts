import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorLogLimiter, ThrowSites, describeError, objectThrowSite, serializeError, type ErrorLocator } from './errors.ts';

/** A locator that keeps frames as they are (no compiled script here). */
const LOCATOR: ErrorLocator = {
  locate: () => undefined,
  stack: (err) => String((err as { stack: string }).stack),
};

function throwFrom(sites: ThrowSites, value: unknown): unknown {
  try {
    throw sites.thrown(value, '/work/script.js', 12, 9);
  } catch (e) {
    return e;
  }
}

test('a thrown string reads as k6 prints it, at the position the compiler passed, with the stack of the throw', () => {
  const sites = new ThrowSites();
  const err = throwFrom(sites, 'a plain string');
  assert.equal(err, 'a plain string');
  const site = sites.siteOf(err);
  assert.ok(site);
  const e = serializeError(err, LOCATOR, site);
  assert.equal(describeError(e), 'a plain string at /work/script.js:12:9');
  assert.deepEqual([e.file, e.line, e.column], ['/work/script.js', 12, 9]);
  // the first frame is the throwing function, placed at the throw itself
  assert.match(e.stack ?? '', /^\s+at throwFrom \(\/work\/script\.js:12:9\)$/m);
});

test('thrown objects are located by identity, primitives by the VU\'s last throw', () => {
  const sites = new ThrowSites();
  const a = { code: 42 };
  throwFrom(sites, a);
  throwFrom(sites, 'later');
  assert.equal(sites.siteOf(a)?.line, 12);
  assert.equal(objectThrowSite(a)?.line, 12, 'found without the VU (unhandled rejections)');
  assert.equal(objectThrowSite({ code: 42 }), undefined);
  assert.ok(sites.siteOf('later'));
  assert.equal(sites.siteOf('earlier'), undefined);
  assert.equal(new ThrowSites().siteOf('later'), undefined, 'another VU did not throw it');
  const err = new Error('x');
  assert.equal(sites.thrown(err, 'f', 1, 1), err);
  assert.equal(objectThrowSite(err), undefined, 'Errors carry their own stack');
});

test('non-Errors without a known site: the value only, no "Error:" or "Uncaught" prefix; plain objects as JSON', () => {
  assert.equal(describeError(serializeError('nope')), 'nope');
  assert.equal(describeError(serializeError({ code: 42 })), '{"code":42}');
  assert.equal(describeError(serializeError(undefined)), 'undefined');
  assert.equal(describeError(serializeError(['a', 'b'])), 'a,b');
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  assert.equal(describeError(serializeError(circular)), '[object Object]');
  assert.equal(describeError(serializeError(new TypeError('bad'))), 'TypeError: bad');
  assert.equal(describeError({ message: 'm' }), 'Error: m');
});

test('the log limiter prints the first, then one per interval with the count left out, and owes the rest at the end', () => {
  let now = 0;
  const owed: string[] = [];
  const limiter = new ErrorLogLimiter((line) => owed.push(line), { intervalMs: 5000, now: () => now });
  assert.equal(limiter.admit('a', 'Error: a'), 0);
  now = 1000;
  assert.equal(limiter.admit('a', 'Error: a'), undefined);
  assert.equal(limiter.admit('a', 'Error: a'), undefined);
  assert.equal(limiter.admit('b', 'Error: b'), 0, 'another error has its own count');
  now = 5000;
  assert.equal(limiter.admit('a', 'Error: a'), 2);
  now = 6000;
  assert.equal(limiter.admit('a', 'Error: a'), undefined);
  limiter.drain();
  assert.deepEqual(owed, ['Error: a (1 more like this suppressed)']);
  limiter.drain();
  assert.equal(owed.length, 1, 'owed once');
  now = 20_000;
  assert.equal(limiter.admit('a', 'Error: a'), 0);
});

test('the log limiter remembers a bounded number of errors and reports a forgotten one\'s count first', () => {
  const owed: string[] = [];
  const limiter = new ErrorLogLimiter((line) => owed.push(line), { maxKeys: 2, now: () => 0 });
  limiter.admit('a', 'A');
  limiter.admit('a', 'A');
  limiter.admit('b', 'B');
  limiter.admit('c', 'C');
  assert.deepEqual(owed, ['A (1 more like this suppressed)']);
  assert.equal(limiter.admit('a', 'A'), 0, 'forgotten: printed again');
});
