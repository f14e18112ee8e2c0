/** The k6 method table: arguments → Redis command, RESP2 reply → k6 result. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS } from './commands.ts';

const build = (m: string, ...a: unknown[]) => COMMANDS[m].build(a);
const reply = (m: string, raw: unknown, ...a: unknown[]) => COMMANDS[m].reply(raw, a);

test("k6's method set is complete", () => {
  const k6 = ['set', 'get', 'getSet', 'del', 'getDel', 'exists', 'incr', 'incrBy', 'decr', 'decrBy', 'randomKey', 'mget', 'expire', 'ttl',
    'persist', 'lpush', 'rpush', 'lpop', 'rpop', 'lrange', 'lindex', 'lset', 'lrem', 'llen', 'hset', 'hsetnx', 'hget', 'hdel', 'hgetall',
    'hkeys', 'hvals', 'hlen', 'hincrby', 'sadd', 'srem', 'sismember', 'smembers', 'srandmember', 'spop', 'sendCommand'];
  assert.deepEqual(Object.keys(COMMANDS).sort(), k6.sort());
});

test('arguments: values, expiration, variadic keys', () => {
  assert.deepEqual(build('set', 'k', 'v', 0), ['SET', 'k', 'v']);
  assert.deepEqual(build('set', 'k', true, 10), ['SET', 'k', '1', 'EX', '10']);
  assert.deepEqual(build('set', 'k', 1.5, 0.25), ['SET', 'k', '1.5', 'PX', '250']);
  assert.deepEqual(build('del', 'a', 'b'), ['DEL', 'a', 'b']);
  assert.deepEqual(build('del', ['a', 'b']), ['DEL', 'a', 'b']);
  assert.deepEqual(build('lpush', 'l', 1, 'x'), ['LPUSH', 'l', '1', 'x']);
  assert.deepEqual(build('hset', 'h', 'f', 3), ['HSET', 'h', 'f', '3']);
  assert.deepEqual(build('sendCommand', 'ECHO', 'hi'), ['ECHO', 'hi']);
  assert.throws(() => build('incrBy', 'k', 'abc'), /increment must be an integer/);
  assert.throws(() => build('set', 'k', { a: 1 }, 0), /value must be a string, number or boolean/);
  assert.throws(() => build('del'), /at least one key/);
  assert.throws(() => build('get', null), /key must be a string/);
});

test('replies: k6 result types, nil rejects single-value reads', () => {
  assert.equal(reply('expire', 1), true);
  assert.equal(reply('sismember', 0), false);
  assert.deepEqual(reply('hgetall', ['a', '1', 'b', '2']), { a: '1', b: '2' });
  assert.deepEqual(reply('mget', ['x', null]), ['x', null]);
  assert.equal(reply('get', Buffer.from('v'), 'k'), 'v');
  assert.throws(() => reply('get', null, 'k'), /redis GET: nil: key "k" does not exist/);
  assert.throws(() => reply('hget', null, 'h', 'f'), /no field "f"/);
  assert.throws(() => reply('sendCommand', null, 'get'), /redis GET: nil/);
  assert.deepEqual(reply('sendCommand', [Buffer.from('a'), 1], 'x'), ['a', 1]);
});
