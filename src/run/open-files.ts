/**
 * Sockets against the process's open-file limit. Every VU keeps at least one
 * connection open, and all of a run's worker threads share one process, so a
 * 20,000-VU test under `ulimit -n 20000` cannot give each VU its socket.
 * Like Go programs (k6 among them), a run raises its soft limit to the hard
 * one when it needs more; what still does not fit is said before the start,
 * and the requests that find no file descriptor fail with k6's dial error
 * (1210, "socket: too many open files") instead of crashing anything.
 */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** File descriptors the process needs besides the VUs' sockets (workers, outputs, history, logs). */
export const RESERVED_FILES = 200;

export interface OpenFileLimits { soft: number; hard: number }

/** This process's open-file limits (Linux), or undefined where /proc/self/limits does not say. */
export function openFileLimits(limitsText?: string): OpenFileLimits | undefined {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return undefined;
    }
  }
  const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(text);
  if (!m) return undefined;
  const n = (v: string) => (v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v));
  return { soft: n(m[1]), hard: n(m[2]) };
}

/** The warning for a test of `maxVUs` under `limits`, or undefined when every VU can have its socket. */
export function socketLimitWarning(maxVUs: number, limits: OpenFileLimits): string | undefined {
  if (maxVUs + RESERVED_FILES <= limits.soft) return undefined;
  const room = Math.max(0, limits.soft - RESERVED_FILES);
  return `this test runs up to ${maxVUs} VUs, each keeping at least one connection open, but this process may open only ${limits.soft} files ` +
    `(ulimit -n${limits.hard > limits.soft ? '' : ', which is also the hard limit'}): about ${room} VUs get a socket, and requests beyond that fail ` +
    `with error_code 1210 "socket: too many open files". Raise the limit (as root: ulimit -n ${maxVUs * 2}; in a container or service: its nofile/LimitNOFILE setting) ` +
    'or split the VUs across machines';
}

/**
 * Makes room for `maxVUs` sockets: raises the soft limit up to the hard one
 * when that is needed and allowed (prlimit, as Go does at start), then
 * returns the warning for what still does not fit, if anything.
 */
export function ensureSocketRoom(maxVUs: number, pid = process.pid): string | undefined {
  const limits = openFileLimits();
  if (!limits) return undefined;
  if (maxVUs + RESERVED_FILES > limits.soft && limits.hard > limits.soft) {
    const hard = Number.isFinite(limits.hard) ? String(limits.hard) : 'unlimited';
    spawnSync('prlimit', ['--pid', String(pid), `--nofile=${hard}:${hard}`], { stdio: 'ignore', timeout: 5000 });
    return socketLimitWarning(maxVUs, openFileLimits() ?? limits);
  }
  return socketLimitWarning(maxVUs, limits);
}
