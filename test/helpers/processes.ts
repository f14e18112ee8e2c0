/**
 * Processes seen from /proc: the browser processes a run started (its
 * descendants running Chrome or Chromium), to check none outlives the run.
 */
import { readFileSync } from 'node:fs';
import { procPids, readProcStat } from '../../src/lib/index.ts';

interface ProcInfo { pid: number; ppid: number; cmdline: string }

function allProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of procPids()) {
    const stat = readProcStat(entry);
    if (stat === undefined || stat.state === 'Z') continue;
    try {
      out.push({ pid: Number(entry), ppid: stat.ppid, cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch { /* gone meanwhile */ }
  }
  return out;
}

/** Chrome/Chromium processes descending from `root` (a browser's own process group included). */
export function browserDescendants(root: number): number[] {
  const procs = allProcesses();
  const children = new Map<number, number[]>();
  for (const p of procs) (children.get(p.ppid) ?? children.set(p.ppid, []).get(p.ppid)!).push(p.pid);
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    for (const c of children.get(pid) ?? []) if (!seen.has(c)) { seen.add(c); stack.push(c); }
  }
  return procs.filter((p) => seen.has(p.pid) && /chrom|headless_shell/i.test(p.cmdline)).map((p) => p.pid);
}

/** Whether a process is still running (not a zombie). */
export function alive(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** Records every browser process under `root` until stop() (sampled every 100 ms). */
export function watchBrowsers(root: number): { seen: Set<number>; stop(): void } {
  const seen = new Set<number>();
  const timer = setInterval(() => { for (const pid of browserDescendants(root)) seen.add(pid); }, 100);
  return { seen, stop: () => clearInterval(timer) };
}
