import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerFromHosts, parseHostsFile } from './hosts-file.ts';
import { createLookup, DEFAULT_DNS, systemLookup } from './dns.ts';

const FILE = `
# comment line
127.0.0.1\tlocalhost
::1     localhost ip6-localhost   # trailing comment
10.1.2.3  api.internal API.Example.test
not-an-ip broken
fe80::1%eth0 linklocal
`;

test('the hosts file maps every name and alias, case-insensitively, to its addresses', () => {
  const table = parseHostsFile(FILE);
  assert.deepEqual(answerFromHosts(table, 'localhost'), [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }]);
  assert.deepEqual(answerFromHosts(table, 'api.example.test.'), [{ address: '10.1.2.3', family: 4 }]);
  assert.deepEqual(answerFromHosts(table, 'ip6-localhost'), [{ address: '::1', family: 6 }]);
  assert.deepEqual(answerFromHosts(table, 'linklocal'), [{ address: 'fe80::1%eth0', family: 6 }]);
  assert.equal(answerFromHosts(table, 'broken'), undefined);
  assert.equal(answerFromHosts(table, 'example.com'), undefined);
});

test('localhost and *.localhost are loopback even when the file leaves them out (RFC 6761)', () => {
  const empty = parseHostsFile('');
  assert.deepEqual(answerFromHosts(empty, 'app.localhost')?.map((a) => a.address), ['127.0.0.1', '::1']);
});

test("a VU's lookup of localhost gives k6's default (preferIPv4) loopback address", async () => {
  const address = await new Promise<string>((resolve, reject) => createLookup(DEFAULT_DNS, systemLookup)('localhost', {}, (err, a) => (err ? reject(err) : resolve(a as string))));
  assert.equal(address, '127.0.0.1');
});
