/**
 * A coordinator and its agents as real `stampede` processes on loopback:
 * the coordinator listens on a free port (read back from its log line),
 * the agents join it, and every process's output and exit are captured.
 */
import { spawnStampede, type Proc } from './cli.ts';

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
