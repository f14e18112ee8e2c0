/**
 * Worker entry that compiles one script and exits. Compiling in a
 * short-lived thread keeps esbuild's and the parser's memory out of the
 * main thread for the rest of a (possibly hours-long) run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileScript } from '../script/index.ts';
import { StampedeError } from '../errors/index.ts';

const port = parentPort!;
try {
  const compiled = await compileScript(workerData.path as string);
  port.postMessage({ ok: true, compiled });
} catch (err) {
  if (err instanceof StampedeError) {
    port.postMessage({ ok: false, error: { code: err.code, message: err.message, hint: err.hint, location: err.location, exitCode: err.exitCode } });
  } else {
    port.postMessage({ ok: false, error: { code: 'E_INTERNAL', message: err instanceof Error ? err.stack ?? err.message : String(err) } });
  }
}
