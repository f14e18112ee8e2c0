import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostOverride } from './hosts.ts';

test('hosts: host:port beats the host, which beats the longest wildcard', () => {
  const hosts = { 'api.test': '10.0.0.1', 'api.test:8443': '10.0.0.2:9443', '*.test': '10.0.0.3', '*.eu.test': '10.0.0.4', '*.other:81': '10.0.0.5' };
  assert.equal(hostOverride(hosts, 'api.test', 443), '10.0.0.1');
  assert.equal(hostOverride(hosts, 'API.test', 8443), '10.0.0.2:9443');
  assert.equal(hostOverride(hosts, 'shop.test', 80), '10.0.0.3');
  assert.equal(hostOverride(hosts, 'a.eu.test', 80), '10.0.0.4');
  assert.equal(hostOverride(hosts, 'test', 80), undefined, 'a wildcard needs a subdomain');
  assert.equal(hostOverride(hosts, 'x.other', 80), undefined);
  assert.equal(hostOverride(hosts, 'x.other', 81), '10.0.0.5');
  assert.equal(hostOverride(undefined, 'api.test', 80), undefined);
});
