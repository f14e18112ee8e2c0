/**
 * Where setup(), teardown() and handleSummary() run: worker 0 while it
 * lives, else another living worker, else a spare one started for them (k6
 * runs them in a VU of their own), so a dead or stuck worker never costs a
 * run its teardown or its summary.
 */
import { TagSetTable } from '../metrics/index.ts';
import type { WorkerHost } from '../workers/index.ts';
import type { RunState } from './run-state.ts';
import { spareWorker } from './start-workers.ts';

/** Sends `configure` to a worker and merges its metric batches into the run; `keepPoints`: raw samples too (an agent's coordinator may need them). */
export function configureWorker(run: RunState, w: WorkerHost, keepPoints = run.outputs.needsPoints): void {
  const tagSets = new TagSetTable();
  w.on('metrics', (e) => run.merge(tagSets.resolve(e.batch)));
  w.send({ type: 'configure', options: run.options, httpDebug: run.req.httpDebug ?? '', testStart: run.testStart, control: w.control, keepPoints });
}

/** A living worker for the run's lifecycle functions; starts a spare one when none is left. */
export async function lifecycleWorker(run: RunState): Promise<WorkerHost> {
  const alive = run.watch.alive;
  if (alive.length > 0) return alive[0];
  run.log.info('every VU worker is gone: starting a new one for teardown() and the summary');
  const w = await spareWorker(run.workers.length, run.compiled, run.req, run.sharedArrays, run.log);
  run.workers.push(w);
  run.watch.watchNew();
  configureWorker(run, w);
  return w;
}
