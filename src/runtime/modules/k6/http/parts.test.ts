import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSelector, selectJson } from './json-selector.ts';
import { encodeBody, file, formEncode, queryEscape } from './body.ts';
import { normalizeParams, parseDurationMs, UnsupportedParamError } from './params.ts';
import { expectedStatuses, DEFAULT_EXPECTED_STATUSES } from './expected-statuses.ts';
import { urlTag } from './url-tag.ts';
import { cleanUrl } from './samples.ts';

test('selectors accept dots, brackets and escaped dots', () => {
  assert.deepEqual(parseSelector('a.b[0].c'), ['a', 'b', '0', 'c']);
  assert.deepEqual(parseSelector('[1].x'), ['1', 'x']);
  assert.deepEqual(parseSelector('a\\.b.c'), ['a.b', 'c']);
  const data = { 'a.b': { c: 1 }, list: [{ n: 'x' }, { n: 'y' }, {}], user: { firstName: 'Ann' } };
  assert.equal(selectJson(data, 'a\\.b.c'), 1);
  assert.deepEqual(selectJson(data, 'list.#.n'), ['x', 'y']);
  assert.equal(selectJson(data, 'list.#'), 3);
  assert.equal(selectJson(data, 'user.first*'), 'Ann');
  assert.equal(selectJson(data, 'user.f?rstName'), 'Ann');
  assert.equal(selectJson(data, 'list.9'), undefined);
  assert.equal(selectJson(data, 'list.x'), undefined);
  assert.equal(selectJson([5, 6], '1'), 6);
});

test('form encoding escapes like Go and warns about nested values', () => {
  assert.equal(queryEscape("a b!'()*~._-"), 'a+b%21%27%28%29%2A~._-');
  const warnings: string[] = [];
  assert.equal(formEncode({ z: 1, a: { nested: true }, m: ['x', null] }, (w) => warnings.push(w)), 'a=&m=x&m=&z=1');
  assert.equal(warnings.length, 1);
});

test('bodies: strings as they are, buffers as bytes, objects as forms', () => {
  const noWarn = () => assert.fail('no warning expected');
  assert.deepEqual(encodeBody('raw', noWarn), { body: 'raw', contentType: undefined });
  assert.deepEqual(encodeBody(null, noWarn), { body: null, contentType: undefined });
  const bytes = encodeBody(new Uint8Array([1, 2, 3]).buffer, noWarn).body as Uint8Array;
  assert.deepEqual([...bytes], [1, 2, 3]);
  assert.equal(encodeBody({ a: 1 }, noWarn).contentType, 'application/x-www-form-urlencoded');
  assert.match(encodeBody({ f: file('x') }, noWarn).contentType ?? '', /^multipart\/form-data; boundary=[0-9a-f]{60}$/);
});

test('http.file defaults its content type and filename and refuses no data', () => {
  const f = file([104, 105]);
  assert.equal(f.content_type, 'application/octet-stream');
  assert.match(f.filename, /^\d+$/);
  assert.throws(() => file(undefined), /needs data/);
});

test('durations: k6 strings and plain milliseconds', () => {
  assert.equal(parseDurationMs('60s'), 60_000);
  assert.equal(parseDurationMs('1m30s'), 90_000);
  assert.equal(parseDurationMs('1.5s'), 1500);
  assert.equal(parseDurationMs('250ms'), 250);
  assert.equal(parseDurationMs(1000), 1000);
  assert.equal(parseDurationMs('1000'), 1000);
  assert.throws(() => parseDurationMs('10 s'), /invalid duration/);
  assert.throws(() => parseDurationMs(-1), /invalid duration/);
});

test("request timeouts: the one duration grammar (lib/duration.ts), bare numbers in ms, never negative", () => {
  const ok: [unknown, number][] = [['1h2m3.5s', 3_723_500], ['300ms', 300], ['2us', 0.002], ['2µs', 0.002], ['.5s', 500], ['1d', 86_400_000], ['0', 0], [0, 0], [2.5, 2.5]];
  for (const [v, ms] of ok) assert.equal(parseDurationMs(v), ms, String(v));
  for (const bad of ['-1s', '1x', '', 's', '1s2', true, null, Infinity]) assert.throws(() => parseDurationMs(bad, 'params.timeout'), /^Error: invalid params\.timeout /, String(bad));
  assert.equal(normalizeParams({ timeout: '2.5s' }).timeoutMs, 2500);
  assert.throws(() => normalizeParams({ timeout: '-5s' }), /invalid params\.timeout "-5s"/);
});

test('params are validated: responseType, redirects, jar, auth, callback', () => {
  const p = normalizeParams({ headers: { A: 1 }, tags: { name: 'n', k: 2 }, timeout: '2s', redirects: 3, responseType: 'binary', cookies: { c: 'v', d: { value: 'w', replace: true } } });
  assert.deepEqual(p.headers, { A: '1' });
  assert.deepEqual([p.tags, p.nameTag, p.timeoutMs, p.redirects, p.responseType], [{ k: '2' }, 'n', 2000, 3, 'binary']);
  assert.deepEqual(p.cookies, { c: { value: 'v', replace: false }, d: { value: 'w', replace: true } });
  assert.throws(() => normalizeParams({ responseType: 'json' }), /invalid responseType/);
  assert.throws(() => normalizeParams({ redirects: -1 }), /redirects/);
  assert.throws(() => normalizeParams({ jar: {} }), /CookieJar/);
  assert.equal(normalizeParams({ auth: 'digest' }).auth, 'digest');
  assert.equal(normalizeParams({ auth: 'basic' }).auth, 'basic');
  assert.throws(() => normalizeParams({ auth: 'ntlm' }), (e: Error) => e instanceof UnsupportedParamError && /ntlm.*not supported in Stampede/i.test(e.message));
  assert.throws(() => normalizeParams({ auth: 'bearer' }), /invalid params.auth "bearer"/);
  assert.throws(() => normalizeParams({ responseCallback: () => true }), /expectedStatuses/);
  assert.equal(normalizeParams({ responseCallback: null }).responseCallback, null);
});

test('expectedStatuses mixes codes and ranges; the default is 200-399', () => {
  const cb = expectedStatuses(406, { min: 200, max: 204 });
  assert.deepEqual([200, 204, 205, 406, 0].map((s) => cb.matches(s)), [true, true, false, true, false]);
  assert.deepEqual([199, 200, 399, 400].map((s) => DEFAULT_EXPECTED_STATUSES.matches(s)), [false, true, true, false]);
  assert.throws(() => expectedStatuses('200'), /argument number 1/);
});

test('http.url keeps the URL and names it with ${} placeholders; passwords are masked in tags', () => {
  const id = 7;
  const u = urlTag`http://h/items/${id}?q=${'x'}`;
  assert.equal(u.url, 'http://h/items/7?q=x');
  assert.equal(u.name, 'http://h/items/${}?q=${}');
  assert.equal(String(u), 'http://h/items/7?q=x');
  assert.equal(cleanUrl('http://user:secret@h/x'), 'http://user:****@h/x');
  assert.equal(cleanUrl('http://h/x'), 'http://h/x');
});
