/**
 * Shared benchmark plumbing: start processes pinned to a core with taskset,
 * sample a process's RSS from /proc, and take medians. Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** autocannon as `npm install --prefix bench` puts it. */
export const AUTOCANNON_BIN = path.join(ROOT, 'bench', 'node_modules', 'autocannon', 'autocannon.js');

/** Spawns `cmd args` pinned to `cpu` (taskset) with output captured. */
export function pinned(cpu: number, cmd: string, args: string[], opts: { env?: Record<string, string> } = {}): ChildProcess {
  return spawn('taskset', ['-c', String(cpu), cmd, ...args], { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `cmd args` on CPU 0 (the generator's core); resolves with stdout and stderr, rejects on a non-zero exit. */
export function runOnGeneratorCore(cmd: string, args: string[]): Promise<string> {
  const child = pinned(0, cmd, args);
  let out = '';
  child.stdout?.on('data', (d) => { out += d; });
  child.stderr?.on('data', (d) => { out += d; });
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${out.slice(-500)}`)))));
}

/** Starts the node target on `cpu` and resolves with its URL. */
export async function startNodeTarget(cpu: number, delayMs = 0): Promise<{ url: string; stop: () => void }> {
  const child = pinned(cpu, process.execPath, ['bench/targets/node-target.ts', '0', String(delayMs)]);
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => { const m = /^listening (\d+)/.exec(l); if (m) resolve(Number(m[1])); });
    child.once('exit', (c) => reject(new Error(`target exited ${c}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill('SIGTERM') };
}

/** RSS in kB of a pid (VmRSS), or undefined once it has exited. */
export function rssKb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Samples RSS every `everyMs` until the process exits; resolves with all samples (kB). */
export function sampleRss(child: ChildProcess, everyMs = 500): Promise<{ samples: number[]; code: number | null; stdout: string; stderr: string }> {
  const samples: number[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => { stdout += d; });
  child.stderr?.on('data', (d) => { stderr += d; });
  const timer = setInterval(() => {
    // taskset execs the command, so the pid is the measured process itself
    const kb = child.pid ? rssKb(child.pid) : undefined;
    if (kb !== undefined) samples.push(kb);
  }, everyMs);
  return new Promise((resolve) => child.once('exit', (code) => { clearInterval(timer); resolve({ samples, code, stdout, stderr }); }));
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`;

/** autocannon's closed-loop request rate (req/s) with `connections` for `seconds`, on the generator's core. */
export async function autocannonRate(url: string, connections: number, seconds: number): Promise<number> {
  const out = await runOnGeneratorCore(process.execPath, [AUTOCANNON_BIN, '-c', String(connections), '-d', String(seconds), '-j', url]);
  return JSON.parse(out.slice(out.indexOf('{'))).requests.total / seconds;
}

/** wrk's request rate (req/s), one thread with `connections` for `seconds`, on the generator's core. */
export async function wrkRate(url: string, connections: number, seconds: number): Promise<number> {
  const out = await runOnGeneratorCore('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, url]);
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
}
