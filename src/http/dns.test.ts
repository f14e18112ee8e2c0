import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { applyPolicy, createLookup } from './dns.ts';

const BOTH: LookupAddress[] = [{ address: '::1', family: 6 }, { address: '127.0.0.1', family: 4 }, { address: '127.0.0.2', family: 4 }];

test('policies filter and order address families', () => {
  assert.deepEqual(applyPolicy(BOTH, 'onlyIPv4').map((a) => a.address), ['127.0.0.1', '127.0.0.2']);
  assert.deepEqual(applyPolicy(BOTH, 'preferIPv6').map((a) => a.address), ['::1']);
  assert.deepEqual(applyPolicy([BOTH[0]], 'preferIPv4').map((a) => a.address), ['::1']);
  assert.deepEqual(applyPolicy([BOTH[0]], 'onlyIPv4'), []);
});

test('lookup caches for ttl and rotates with roundRobin', async () => {
  let calls = 0;
  const fake = ((_h: string, _o: unknown, cb: (e: null, a: LookupAddress[]) => void) => { calls++; cb(null, BOTH); }) as never;
  const lookup = createLookup({ ttlMs: 60_000, select: 'roundRobin', policy: 'onlyIPv4' }, fake);
  const ask = () => new Promise<string>((resolve, reject) => lookup('svc.test', {}, (err, address) => (err ? reject(err) : resolve(address as string))));
  assert.deepEqual([await ask(), await ask(), await ask()], ['127.0.0.1', '127.0.0.2', '127.0.0.1']);
  assert.equal(calls, 1);
  const none = createLookup({ ttlMs: 0, select: 'first', policy: 'onlyIPv6' }, ((_h: string, _o: unknown, cb: (e: null, a: LookupAddress[]) => void) => cb(null, [BOTH[1]])) as never);
  await assert.rejects(new Promise((resolve, reject) => none('v4only.test', {}, (err, a) => (err ? reject(err) : resolve(a)))), /no IPv6 address/);
});
