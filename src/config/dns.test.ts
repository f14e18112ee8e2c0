import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsSettingsFrom } from './dns.ts';

test('dns: object and K6_DNS text forms; only the fields given come back', () => {
  const problems: string[] = [];
  assert.equal(dnsSettingsFrom(undefined, problems), undefined);
  assert.equal(dnsSettingsFrom('', problems), undefined);
  assert.deepEqual(dnsSettingsFrom({ ttl: '1m', select: 'first', policy: 'onlyIPv6' }, problems), { ttlMs: 60_000, select: 'first', policy: 'onlyIPv6' });
  assert.deepEqual(dnsSettingsFrom('ttl=inf,select=roundRobin,policy=any', problems), { ttlMs: Infinity, select: 'roundRobin', policy: 'any' });
  assert.deepEqual(dnsSettingsFrom({ select: 'random' }, problems), { select: 'random' });
  assert.deepEqual(problems, []);
});

test("dns.ttl: k6's duration grammar, 0, inf, a bare number is ms, never negative", () => {
  const ttl = (v: unknown) => dnsSettingsFrom({ ttl: v }, [])?.ttlMs;
  const cases: [unknown, number][] = [['0', 0], [0, 0], ['inf', Infinity], ['5m', 300_000], ['5m30s', 330_000], ['1.5s', 1500],
    ['3000', 3000], [3000, 3000], ['2h', 7_200_000], ['1d', 86_400_000], ['250ms', 250]];
  for (const [v, ms] of cases) assert.equal(ttl(v), ms, String(v));
  for (const bad of ['-1s', -5, 'soon', '5 m', 'infinite', true]) {
    const problems: string[] = [];
    dnsSettingsFrom({ ttl: bad }, problems);
    assert.equal(problems.length, 1, String(bad));
  }
});

test('bad dns values are named by path; unknown object fields warn, unknown text fields fail (as in k6)', () => {
  const problems: string[] = [];
  const warnings: string[] = [];
  dnsSettingsFrom({ ttl: 'soon', select: 'best', policy: 'v4', cache: true }, problems, warnings);
  dnsSettingsFrom('ttl=1m,cache=no', problems, warnings);
  dnsSettingsFrom(5, problems, warnings);
  assert.deepEqual(problems, [
    'dns.ttl: "soon" is not a duration; use e.g. 5m, 0 or inf',
    'dns.select: unknown value "best"; use first, random, roundRobin',
    'dns.policy: unknown value "v4"; use preferIPv4, preferIPv6, onlyIPv4, onlyIPv6, any',
    'dns: unknown field "cache=no"; use ttl=…, select=…, policy=… separated by commas',
    'dns: must be { ttl, select, policy } or "ttl=5m,select=random,policy=preferIPv4", got 5',
  ]);
  assert.deepEqual(warnings, ['dns.cache: unknown field, ignored; dns takes ttl, select and policy']);
});
