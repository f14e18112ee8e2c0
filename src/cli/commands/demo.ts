/**
 * `stampede demo`: starts the bundled demo target on 127.0.0.1 (its own
 * process, random free port), runs examples/scripts/demo.js against it, and
 * stops the target again whatever happens.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { StampedeError } from '../../errors/index.ts';
import type { CliContext } from '../context.ts';
import { runCommand } from './run.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Starts the demo target and resolves with its base URL and a stop function. */
export async function startDemoTargetProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = path.join(ROOT, 'examples', 'demo-target', 'server.ts');
  const child = spawn(process.execPath, [server, '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StampedeError('E_DEMO_TARGET', 'the demo target did not start within 10 s')), 10_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new StampedeError('E_DEMO_TARGET', `the demo target exited with code ${code} before it was ready`)); });
  });
  return { url, stop };
}

export async function demoCommand(argv: string[], ctx: CliContext): Promise<number> {
  const target = await startDemoTargetProcess();
  ctx.stderr(`demo target running at ${target.url} (stopped when the test ends)\n`);
  try {
    const script = path.join(ROOT, 'examples', 'scripts', 'demo.js');
    return await runCommand([...argv, '-e', `BASE_URL=${target.url}`, script], ctx);
  } finally {
    await target.stop();
  }
}
