import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CookieJar, parseSetCookie } from './cookie-jar.ts';

const u = (s: string) => new URL(s);

test('parseSetCookie reads name, value and attributes; rejects a header without name=', () => {
  assert.deepEqual(parseSetCookie('sid="abc"; Domain=.Example.com; Path=/app; Secure; HttpOnly; Max-Age=60'), {
    name: 'sid', value: 'abc', domain: 'example.com', path: '/app', httpOnly: true, secure: true, maxAge: 60, expires: 0,
  });
  assert.equal(parseSetCookie('Expires=Wed, 21 Oct 2015 07:28:00 GMT')?.name, 'Expires');
  assert.equal(parseSetCookie('a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT')?.expires, Date.UTC(2015, 9, 21, 7, 28));
  assert.equal(parseSetCookie('novalue'), undefined);
  assert.equal(parseSetCookie('=x'), undefined);
});

test('host-only cookies stay on their host; domain cookies reach subdomains', () => {
  const jar = new CookieJar();
  jar.storeFromResponse(u('http://example.com/'), ['host=1', 'dom=2; Domain=example.com']);
  assert.equal(jar.cookieHeader(u('http://example.com/x')), 'host=1; dom=2');
  assert.equal(jar.cookieHeader(u('http://api.example.com/x')), 'dom=2');
  assert.equal(jar.cookieHeader(u('http://other.com/')), '');
});

test('a Domain attribute that does not cover the host is rejected', () => {
  const jar = new CookieJar();
  jar.storeFromResponse(u('http://example.com/'), ['evil=1; Domain=other.com']);
  assert.ok(jar.isEmpty);
});

test('paths: the default is the request directory; longer paths come first; /ab does not match /a', () => {
  const jar = new CookieJar();
  jar.storeFromResponse(u('http://h.test/docs/page'), ['d=1']);
  jar.storeFromResponse(u('http://h.test/'), ['root=1; Path=/', 'deep=1; Path=/docs/page']);
  assert.equal(jar.cookieHeader(u('http://h.test/docs/page')), 'deep=1; d=1; root=1');
  assert.equal(jar.cookieHeader(u('http://h.test/docsx')), 'root=1');
  assert.deepEqual(jar.cookiesForURL('http://h.test/docs/'), { d: ['1'], root: ['1'] });
});

test('Secure cookies go only over https', () => {
  const jar = new CookieJar();
  jar.set('https://h.test/', 's', '1', { secure: true });
  assert.equal(jar.cookieHeader(u('http://h.test/')), '');
  assert.equal(jar.cookieHeader(u('https://h.test/')), 's=1');
});

test('expiry: Max-Age wins over Expires, elapsed cookies vanish, Max-Age=0 deletes', () => {
  let now = 1_000_000;
  const jar = new CookieJar(() => now);
  jar.storeFromResponse(u('http://h.test/'), ['a=1; Max-Age=10; Expires=Thu, 01 Jan 1970 00:00:01 GMT', 'b=2']);
  assert.equal(jar.cookieHeader(u('http://h.test/')), 'a=1; b=2');
  now += 11_000;
  assert.equal(jar.cookieHeader(u('http://h.test/')), 'b=2');
  jar.storeFromResponse(u('http://h.test/'), ['b=; Max-Age=0']);
  assert.ok(jar.isEmpty);
});

test('set() replaces a cookie of the same name and path; clear() and delete() act on a URL', () => {
  const jar = new CookieJar();
  jar.set('http://h.test/', 'a', '1');
  jar.set('http://h.test/', 'a', '2');
  jar.set('http://h.test/', 'b', '3');
  jar.set('http://other.test/', 'c', '4');
  assert.deepEqual(jar.cookiesForURL('http://h.test/'), { a: ['2'], b: ['3'] });
  jar.delete('http://h.test/', 'a');
  assert.deepEqual(jar.cookiesForURL('http://h.test/'), { b: ['3'] });
  jar.clear('http://h.test/');
  assert.deepEqual(jar.cookiesForURL('http://h.test/'), {});
  assert.deepEqual(jar.cookiesForURL('http://other.test/'), { c: ['4'] });
  jar.clearAll();
  assert.ok(jar.isEmpty);
});

test('set() with expires in the past stores nothing', () => {
  const jar = new CookieJar();
  jar.set('http://h.test/', 'old', '1', { expires: 'Thu, 01 Jan 1970 00:00:00 GMT' });
  assert.ok(jar.isEmpty);
});
