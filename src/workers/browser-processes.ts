/**
 * The browser processes VU workers started (k6/browser), tracked on the
 * main thread: a worker that dies, is terminated, or a process that exits
 * at once (a second Ctrl-C) must not leave Chromium behind. Playwright
 * starts each browser as the leader of its own process group, so one
 * signal to the group ends the browser and its renderers.
 */
import { readProcStat } from '../lib/index.ts';

/**
 * pid → its start time (/proc/<pid>/stat field 22, clock ticks since boot):
 * pid and start time together name one process, so a pid reused by
 * another program after the browser is gone is never signalled.
 */
const tracked = new Map<number, string>();

export function trackBrowserProcess(pid: number): void {
  const started = readProcStat(pid)?.startTime;
  if (started !== undefined) tracked.set(pid, started);
}

/** Kills the browser processes `pids` (and their groups) that are still running; synchronous, so it can run at process exit. */
export function killBrowserProcesses(pids: Iterable<number> = tracked.keys()): void {
  for (const pid of [...pids]) {
    const started = tracked.get(pid);
    tracked.delete(pid);
    if (started === undefined || !isBrowserGroupLeader(pid, started)) continue; // gone already (and its pid perhaps reused): leave it alone
    try { process.kill(-pid, 'SIGKILL'); } catch { /* no such group */ }
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

/** Still the browser we started: the same process (its start time), alive, leading its process group. */
function isBrowserGroupLeader(pid: number, started: string): boolean {
  const stat = readProcStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.pgrp === pid && stat.startTime === started;
}

/** The browser processes still tracked (tests and the generator's memory figure). */
export function trackedBrowserProcesses(): number[] {
  return [...tracked.keys()];
}
