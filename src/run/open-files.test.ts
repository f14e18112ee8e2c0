import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openFileLimits, socketLimitWarning, RESERVED_FILES } from './open-files.ts';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             unlimited            unlimited            processes
Max open files            20000                40000                files
Max locked memory         8388608              8388608              bytes
`;

test('the open-file limits are read from /proc/self/limits', () => {
  assert.deepEqual(openFileLimits(LIMITS), { soft: 20000, hard: 40000 });
  assert.deepEqual(openFileLimits(LIMITS.replace('20000                40000', 'unlimited            unlimited')), { soft: Infinity, hard: Infinity });
  assert.equal(openFileLimits('nothing here'), undefined);
  const own = openFileLimits();
  if (process.platform === 'linux') assert.ok(own && own.soft > 0 && own.hard >= own.soft, JSON.stringify(own));
});

test('a test whose VUs need more sockets than the limit allows gets a warning that says how many fit and what to do', () => {
  assert.equal(socketLimitWarning(10_000, { soft: 20_000, hard: 20_000 }), undefined);
  assert.equal(socketLimitWarning(20_000 - RESERVED_FILES, { soft: 20_000, hard: 20_000 }), undefined);
  const w = socketLimitWarning(20_000, { soft: 20_000, hard: 20_000 })!;
  assert.match(w, /up to 20000 VUs/);
  assert.match(w, /only 20000 files \(ulimit -n, which is also the hard limit\)/);
  assert.match(w, new RegExp(`about ${20_000 - RESERVED_FILES} VUs get a socket`));
  assert.match(w, /error_code 1210 "socket: too many open files"/);
  assert.match(w, /ulimit -n 40000/);
});
