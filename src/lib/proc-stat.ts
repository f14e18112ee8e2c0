/**
 * One process as Linux's /proc/<pid>/stat describes it: the few fields
 * Stampede reads (its browsers' process groups and start times, their
 * resident pages) and the list of pids. The command name may hold spaces
 * and parentheses, so the fields are counted from the last `)`.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  /** R, S, D, Z (zombie) … */
  state: string;
  ppid: number;
  /** the process group */
  pgrp: number;
  /** clock ticks since boot when the process started: with the pid, it names one process (pids are reused) */
  startTime: string;
  /** resident pages */
  rssPages: number;
}

/** The process's stat fields; undefined when it is gone (or /proc cannot be read). */
export function readProcStat(pid: number | string): ProcStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // fields after the command name: [0] state, [1] ppid, [2] pgrp … [19] starttime, [21] rss (man 5 proc, fields 3…)
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: f[0], ppid: Number(f[1]), pgrp: Number(f[2]), startTime: f[19], rssPages: Number(f[21]) };
}

/** The pids in /proc, as its entry names; empty when it cannot be read (at the open-file limit). */
export function procPids(): string[] {
  try {
    return readdirSync('/proc').filter((e) => e.charCodeAt(0) >= 48 && e.charCodeAt(0) <= 57);
  } catch {
    return [];
  }
}
