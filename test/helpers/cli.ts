/**
 * Runs the real Stampede CLI (from source, in a child process with the same
 * Node) and captures what a user would see: exit code, stdout, stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running `stampede` process, its output so far, and its end. */
export interface Proc {
  child: ChildProcess;
  out: { stdout: string; stderr: string };
  /** exit code (null when killed by a signal or never started), when it exited, and whether the timeout killed it */
  closed: Promise<{ code: number | null; at: number; timedOut: boolean }>;
}

/**
 * Starts `stampede <args>` from source; `prefix` runs it through another
 * command first (ip netns exec NAME). A test never hangs: the process is
 * killed after `timeoutMs`. Runs are not saved in the repository's
 * .stampede/ unless `env` asks for the history.
 */
export function spawnStampede(args: string[], env: Record<string, string> = {}, timeoutMs = 90_000, prefix: string[] = [], cwd = ROOT): Proc {
  const [command, ...commandArgs] = [...prefix, process.execPath, MAIN, ...args];
  const child = spawn(command, commandArgs, {
    cwd, env: { ...process.env, STAMPEDE_NO_HISTORY: '1', ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => { out.stdout += d; });
  child.stderr!.on('data', (d) => { out.stderr += d; });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
  const closed = new Promise<{ code: number | null; at: number; timedOut: boolean }>((resolve) => {
    const end = (code: number | null) => { clearTimeout(timer); resolve({ code, at: Date.now(), timedOut }); };
    child.on('close', end);
    child.on('error', (err) => { out.stderr += `could not start: ${err.message}`; end(null); });
  });
  return { child, out, closed };
}

/** Runs `stampede <args>` to its end; rejects when it had to be killed after timeoutMs. */
export async function stampede(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  const p = spawnStampede(args, opts.env, opts.timeoutMs ?? 60_000, [], opts.cwd ?? ROOT);
  const { code, timedOut } = await p.closed;
  if (timedOut) throw new Error(`stampede ${args.join(' ')} timed out\nstdout:${p.out.stdout}\nstderr:${p.out.stderr}`);
  return { code, stdout: p.out.stdout, stderr: p.out.stderr };
}

/** Writes files (path → content) into a fresh temp dir and returns its path. */
export async function scriptDir(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stampede-test-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}
