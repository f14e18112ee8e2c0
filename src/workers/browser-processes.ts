/**
 * The browser processes VU workers started (k6/browser), tracked on the
 * main thread: a worker that dies, is terminated, or a process that exits
 * at once (a second Ctrl-C) must not leave Chromium behind. Playwright
 * starts each browser as the leader of its own process group, so one
 * signal to the group ends the browser and its renderers.
 */
import { readFileSync } from 'node:fs';

const tracked = new Set<number>();

export function trackBrowserProcess(pid: number): void {
  tracked.add(pid);
}

/** Kills the browser processes `pids` (and their groups) that are still running; synchronous, so it can run at process exit. */
export function killBrowserProcesses(pids: Iterable<number> = tracked): void {
  for (const pid of [...pids]) {
    tracked.delete(pid);
    if (!isBrowserGroupLeader(pid)) continue; // gone already (and its pid perhaps reused): leave it alone
    try { process.kill(-pid, 'SIGKILL'); } catch { /* no such group */ }
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

/** Still the browser we started: a live process whose group it leads, running a Chrome/Chromium binary. */
function isBrowserGroupLeader(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const pgrp = Number(fields[2]);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return state !== 'Z' && pgrp === pid && /chrom|headless_shell/i.test(cmdline);
  } catch {
    return false;
  }
}

/** The browser processes still tracked (tests and the generator's memory figure). */
export function trackedBrowserProcesses(): number[] {
  return [...tracked];
}
