import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { procPids, readProcStat } from './proc-stat.ts';

test('readProcStat: this process as the kernel sees it (its parent, group, start time and resident pages)', () => {
  const me = readProcStat(process.pid)!;
  assert.equal(me.ppid, process.ppid);
  assert.ok(me.state === 'R' || me.state === 'S', me.state);
  assert.ok(Number.isInteger(me.pgrp) && me.pgrp > 0);
  assert.match(me.startTime, /^\d+$/);
  // the resident pages agree with /proc/<pid>/statm's second field within what a few allocations change
  const statmPages = Number(readFileSync(`/proc/${process.pid}/statm`, 'utf8').split(' ')[1]);
  assert.ok(Math.abs(me.rssPages - statmPages) < 2048, `${me.rssPages} vs ${statmPages}`);
  // a start time names one process: the same pid read twice gives the same one
  assert.equal(readProcStat(String(process.pid))!.startTime, me.startTime);
});

test('readProcStat: a pid that does not exist is undefined; procPids lists this process and only pids', () => {
  assert.equal(readProcStat(2 ** 22 + 7), undefined);
  const pids = procPids();
  assert.ok(pids.includes(String(process.pid)));
  assert.ok(pids.every((p) => /^\d+$/.test(p)));
});
