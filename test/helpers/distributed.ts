/**
 * A coordinator and its agents as real `stampede` processes on loopback:
 * the coordinator listens on a free port (read back from its log line),
 * the agents join it, and every process's output and exit are captured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './cli.ts';

const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');

export interface Proc {
  child: ChildProcess;
  out: { stdout: string; stderr: string };
  /** exit code (null when killed by a signal) and when it exited */
  closed: Promise<{ code: number | null; at: number }>;
}

/** `stampede <args>`; `prefix` runs it through another command first (ip netns exec NAME). */
export function spawnStampede(args: string[], env: Record<string, string> = {}, timeoutMs = 90_000, prefix: string[] = []): Proc {
  const [command, ...commandArgs] = [...prefix, process.execPath, MAIN, ...args];
  const child = spawn(command, commandArgs, {
    cwd: ROOT, env: { ...process.env, STAMPEDE_NO_HISTORY: '1', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => { out.stdout += d; });
  child.stderr!.on('data', (d) => { out.stderr += d; });
  // a test never hangs: a process still running after timeoutMs is killed
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const closed = new Promise<{ code: number | null; at: number }>((resolve) => child.on('close', (code) => { clearTimeout(timer); resolve({ code, at: Date.now() }); }));
  return { child, out, closed };
}

/** Resolves with the ws:// URL the coordinator announced (or rejects when it exits first). */
export async function coordinatorUrl(c: Proc, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let exited = false;
  void c.closed.then(() => { exited = true; });
  for (;;) {
    const m = /waiting for \d+ agent\(s\) at (wss?:\/\/\S+)/.exec(c.out.stderr);
    if (m) return m[1];
    if (exited || Date.now() > until) throw new Error(`the coordinator did not announce its address:\n${c.out.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A coordinator on a free loopback port and `agents` agents joined to it. */
export async function startDistributed(coordinatorArgs: string[], agents: number, agentArgs: string[] = [], env: Record<string, string> = {}): Promise<{ coordinator: Proc; agents: Proc[]; url: string }> {
  const coordinator = spawnStampede(['coordinator', '--listen', '127.0.0.1:0', ...coordinatorArgs], env);
  const url = await coordinatorUrl(coordinator);
  const procs = Array.from({ length: agents }, () => spawnStampede(['agent', '--coordinator', url, '--workers', '1', ...agentArgs], env));
  return { coordinator, agents: procs, url };
}
