/**
 * Compiles a script in a short-lived worker thread (see compile-entry.ts)
 * and rebuilds the user-facing error on this side when compiling fails.
 */
import { Worker } from 'node:worker_threads';
import type { CompiledScript } from '../script/index.ts';
import { ScriptError, StampedeError, ExitCode, type ErrorLocation, type ExitCodeValue } from '../errors/index.ts';

type Answer =
  | { ok: true; compiled: CompiledScript }
  | { ok: false; error: { code: string; message: string; hint?: string; location?: ErrorLocation; exitCode?: number } };

/** Resolves with the compiled script or rejects with a ScriptError carrying the user's location. */
export async function compileInWorker(scriptPath: string): Promise<CompiledScript> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const worker = new Worker(new URL(`./compile-entry${ext}`, import.meta.url), { workerData: { path: scriptPath } });
  const answer = await new Promise<Answer>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new StampedeError('E_INTERNAL', `the compiler thread exited with code ${code} without an answer`)));
  });
  await worker.terminate();
  if (answer.ok) return answer.compiled;
  const e = answer.error;
  if (e.exitCode === ExitCode.scriptException) throw new ScriptError(e.code, e.message, { hint: e.hint, location: e.location });
  throw new StampedeError(e.code, e.message, { hint: e.hint, location: e.location, exitCode: (e.exitCode ?? ExitCode.generic) as ExitCodeValue });
}
