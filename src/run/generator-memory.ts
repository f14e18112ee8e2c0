/**
 * `generator_memory` (Stampede's own gauge, bytes): what the load generator
 * holds, sampled once a second with the `vus` gauge — this process's
 * resident memory (the main thread and every VU worker) plus that of each
 * browser k6/browser started (every process of its group: the browser and
 * its renderers), each counted by its proportional share (PSS) of the pages
 * Chromium's processes share, so shared libraries are not counted ten
 * times. In a distributed run, the coordinator's own.
 */
import { readFileSync } from 'node:fs';
import { procPids, readProcStat } from '../lib/index.ts';
import { trackedBrowserProcesses } from '../workers/index.ts';

const PAGE_BYTES = 4096;

/**
 * This process's RSS plus its browsers' (bytes); undefined when it cannot be
 * read (no file descriptor left, at the open-file limit): a measurement
 * never costs the run.
 */
export function generatorMemoryBytes(): number | undefined {
  let bytes: number;
  try {
    bytes = process.memoryUsage.rss();
  } catch {
    return undefined;
  }
  const groups = new Set(trackedBrowserProcesses());
  if (groups.size === 0) return bytes;
  for (const pid of procPids()) {
    const stat = readProcStat(pid); // undefined: gone meanwhile
    if (stat !== undefined && groups.has(stat.pgrp)) bytes += proportionalBytes(pid) ?? stat.rssPages * PAGE_BYTES;
  }
  return bytes;
}

/** A process's proportional set size (smaps_rollup's Pss), or undefined where the kernel does not have it. */
function proportionalBytes(pid: string): number | undefined {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
