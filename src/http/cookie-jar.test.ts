import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CookieJar, isPublicSuffix, parseSetCookie } from './cookie-jar.ts';

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

test('public suffixes: Domain=co.uk from example.co.uk is refused, Domain=example.co.uk is accepted', () => {
  const jar = new CookieJar();
  jar.storeFromResponse(u('http://example.co.uk/'), ['evil=1; Domain=co.uk', 'ok=1; Domain=example.co.uk']);
  assert.equal(jar.cookieHeader(u('http://example.co.uk/')), 'ok=1');
  assert.equal(jar.cookieHeader(u('http://www.example.co.uk/')), 'ok=1');
  assert.equal(jar.cookieHeader(u('http://other.co.uk/')), '', 'nothing leaks to a sibling registrable domain');
  // the same rule for a script's jar.set()
  jar.set('http://example.co.uk/', 'scripted', '1', { domain: '.co.uk' });
  assert.deepEqual(jar.cookiesForURL('http://shop.co.uk/'), {});
  jar.set('http://example.co.uk/', 'scripted', '2', { domain: 'example.co.uk' });
  assert.deepEqual(jar.cookiesForURL('http://a.example.co.uk/'), { ok: ['1'], scripted: ['2'] });
});

test('public suffixes: private-section suffixes and bare TLDs are refused; a host that is a suffix keeps a host-only cookie', () => {
  const jar = new CookieJar();
  jar.storeFromResponse(u('http://alice.github.io/'), ['a=1; Domain=github.io', 'b=1; Domain=alice.github.io']);
  jar.storeFromResponse(u('http://shop.example.com/'), ['c=1; Domain=com']);
  assert.equal(jar.cookieHeader(u('http://bob.github.io/')), '');
  assert.equal(jar.cookieHeader(u('http://alice.github.io/')), 'b=1');
  assert.equal(jar.cookieHeader(u('http://other.com/')), '');
  // RFC 6265 5.3 step 5: Domain equal to the (suffix) host itself gives a host-only cookie
  jar.storeFromResponse(u('http://co.uk/'), ['self=1; Domain=co.uk']);
  assert.equal(jar.cookieHeader(u('http://co.uk/')), 'self=1');
  assert.equal(jar.cookieHeader(u('http://example.co.uk/')), '');
});

test('isPublicSuffix: the Public Suffix List, localhost excepted', () => {
  for (const d of ['com', 'co.uk', 'github.io', 'test']) assert.equal(isPublicSuffix(d), true, d);
  for (const d of ['example.com', 'example.co.uk', 'alice.github.io', 'h.test', 'localhost']) assert.equal(isPublicSuffix(d), false, d);
  const jar = new CookieJar();
  jar.storeFromResponse(u('http://app.localhost/'), ['shared=1; Domain=localhost']);
  assert.equal(jar.cookieHeader(u('http://api.localhost/')), 'shared=1');
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
