/**
 * k6's Client methods, one entry each: how the script's arguments become a
 * Redis command and how the reply becomes what the method resolves with
 * (k6 docs, k6/experimental/redis Client).
 */
import type { Arg } from './args.ts';
import { atLeastOne, int, key, spread, value } from './args.ts';
import { anyReply, flag, hash, integer, nullableStrings, requiredString, strings } from './replies.ts';

export interface CommandSpec {
  /** the Redis command and its arguments; throws TypeError on bad input */
  build(args: readonly unknown[]): Arg[];
  /** raw RESP2 reply → k6 result; throws to reject (nil, …) */
  reply(raw: unknown, args: readonly unknown[]): unknown;
}

const q = (v: unknown) => JSON.stringify(String(v));
const asIs = (raw: unknown) => raw;

/** A command on one key with no other argument. */
function onKey(cmd: string, m: string, reply: CommandSpec['reply']): CommandSpec {
  return { build: (a) => [cmd, key(m, 'key', a[0])], reply };
}

/** A command on one key followed by at least one value (LPUSH, SADD, …). */
function keyValues(cmd: string, m: string, what: string): CommandSpec {
  return {
    build: (a) => [cmd, key(m, 'key', a[0]), ...atLeastOne(m, what, a.slice(1)).map((v) => value(m, what, v))],
    reply: integer,
  };
}

/** A command on one or more keys (DEL, EXISTS, MGET). */
function keys(cmd: string, m: string, reply: CommandSpec['reply']): CommandSpec {
  return { build: (a) => [cmd, ...atLeastOne(m, 'key', a).map((k) => key(m, 'key', k))], reply };
}

function set(a: readonly unknown[]): Arg[] {
  const out: Arg[] = ['SET', key('set', 'key', a[0]), value('set', 'value', a[1])];
  const exp = a[2] === undefined || a[2] === null ? 0 : Number(a[2]);
  if (Number.isNaN(exp)) throw new TypeError(`redis Client.set(): expiration must be a number of seconds, got ${String(a[2])}`);
  if (exp > 0) out.push(...(Number.isInteger(exp) ? ['EX', String(exp)] : ['PX', String(Math.max(1, Math.round(exp * 1000)))]));
  return out;
}

function hset(a: readonly unknown[]): Arg[] {
  const pairs = spread(a.slice(1));
  if (pairs.length < 2 || pairs.length % 2 !== 0) throw new TypeError('redis Client.hset(): expected (key, field, value)');
  return ['HSET', key('hset', 'key', a[0]), ...pairs.map((v, i) => (i % 2 === 0 ? key('hset', 'field', v) : value('hset', 'value', v)))];
}

function sendCommand(a: readonly unknown[]): Arg[] {
  if (typeof a[0] !== 'string' || a[0].trim() === '') throw new TypeError('redis Client.sendCommand(): the command name must be a non-empty string');
  return [a[0], ...spread(a.slice(1)).map((v) => value('sendCommand', 'argument', v))];
}

export const COMMANDS: Record<string, CommandSpec> = {
  set: { build: set, reply: asIs },
  get: onKey('GET', 'get', (r, a) => requiredString(r, 'GET', `key ${q(a[0])} does not exist`)),
  getSet: {
    build: (a) => ['GETSET', key('getSet', 'key', a[0]), value('getSet', 'value', a[1])],
    reply: (r, a) => requiredString(r, 'GETSET', `key ${q(a[0])} did not exist`),
  },
  del: keys('DEL', 'del', integer),
  getDel: onKey('GETDEL', 'getDel', (r, a) => requiredString(r, 'GETDEL', `key ${q(a[0])} does not exist`)),
  exists: keys('EXISTS', 'exists', integer),
  incr: onKey('INCR', 'incr', integer),
  incrBy: { build: (a) => ['INCRBY', key('incrBy', 'key', a[0]), int('incrBy', 'increment', a[1])], reply: integer },
  decr: onKey('DECR', 'decr', integer),
  decrBy: { build: (a) => ['DECRBY', key('decrBy', 'key', a[0]), int('decrBy', 'decrement', a[1])], reply: integer },
  randomKey: { build: () => ['RANDOMKEY'], reply: (r) => requiredString(r, 'RANDOMKEY', 'the database is empty') },
  mget: keys('MGET', 'mget', nullableStrings),
  expire: { build: (a) => ['EXPIRE', key('expire', 'key', a[0]), int('expire', 'seconds', a[1])], reply: flag },
  ttl: onKey('TTL', 'ttl', integer),
  persist: onKey('PERSIST', 'persist', flag),

  lpush: keyValues('LPUSH', 'lpush', 'value'),
  rpush: keyValues('RPUSH', 'rpush', 'value'),
  lpop: onKey('LPOP', 'lpop', (r, a) => requiredString(r, 'LPOP', `list ${q(a[0])} is empty or does not exist`)),
  rpop: onKey('RPOP', 'rpop', (r, a) => requiredString(r, 'RPOP', `list ${q(a[0])} is empty or does not exist`)),
  lrange: {
    build: (a) => ['LRANGE', key('lrange', 'key', a[0]), int('lrange', 'start', a[1]), int('lrange', 'stop', a[2])],
    reply: strings,
  },
  lindex: {
    build: (a) => ['LINDEX', key('lindex', 'key', a[0]), int('lindex', 'index', a[1])],
    reply: (r, a) => requiredString(r, 'LINDEX', `list ${q(a[0])} has no element at index ${String(a[1])}`),
  },
  lset: {
    build: (a) => ['LSET', key('lset', 'key', a[0]), int('lset', 'index', a[1]), value('lset', 'element', a[2])],
    reply: asIs,
  },
  lrem: {
    build: (a) => ['LREM', key('lrem', 'key', a[0]), int('lrem', 'count', a[1]), value('lrem', 'value', a[2])],
    reply: integer,
  },
  llen: onKey('LLEN', 'llen', integer),

  hset: { build: hset, reply: integer },
  hsetnx: {
    build: (a) => ['HSETNX', key('hsetnx', 'key', a[0]), key('hsetnx', 'field', a[1]), value('hsetnx', 'value', a[2])],
    reply: flag,
  },
  hget: {
    build: (a) => ['HGET', key('hget', 'key', a[0]), key('hget', 'field', a[1])],
    reply: (r, a) => requiredString(r, 'HGET', `hash ${q(a[0])} has no field ${q(a[1])}`),
  },
  hdel: {
    build: (a) => ['HDEL', key('hdel', 'key', a[0]), ...atLeastOne('hdel', 'field', a.slice(1)).map((f) => key('hdel', 'field', f))],
    reply: integer,
  },
  hgetall: onKey('HGETALL', 'hgetall', hash),
  hkeys: onKey('HKEYS', 'hkeys', strings),
  hvals: onKey('HVALS', 'hvals', strings),
  hlen: onKey('HLEN', 'hlen', integer),
  hincrby: {
    build: (a) => ['HINCRBY', key('hincrby', 'key', a[0]), key('hincrby', 'field', a[1]), int('hincrby', 'increment', a[2])],
    reply: integer,
  },

  sadd: keyValues('SADD', 'sadd', 'member'),
  srem: keyValues('SREM', 'srem', 'member'),
  sismember: {
    build: (a) => ['SISMEMBER', key('sismember', 'key', a[0]), value('sismember', 'member', a[1])],
    reply: flag,
  },
  smembers: onKey('SMEMBERS', 'smembers', strings),
  srandmember: onKey('SRANDMEMBER', 'srandmember', (r, a) => requiredString(r, 'SRANDMEMBER', `set ${q(a[0])} is empty or does not exist`)),
  spop: onKey('SPOP', 'spop', (r, a) => requiredString(r, 'SPOP', `set ${q(a[0])} is empty or does not exist`)),

  sendCommand: { build: sendCommand, reply: (r, a) => anyReply(r, String(a[0]).toUpperCase()) },
};
