/**
 * Thresholds judged while the test runs, every 2 s as in k6: the REST API
 * shows them (tainted), and a crossed one with abortOnFail stops the test.
 * Local and distributed runs share this; only how they stop differs.
 */
import { evaluateThresholds, type ThresholdResult } from '../metrics/index.ts';
import type { RunState } from './run-state.ts';

/** How often thresholds with abortOnFail are checked during the run (k6: every 2 s). */
export const THRESHOLD_EVAL_MS = 2000;

/**
 * Starts judging the run's thresholds; `abort` is called once with the
 * crossed abortOnFail threshold. Returns the function that stops the watch.
 */
export function watchThresholds(run: RunState, stopped: () => boolean, abort: (crossed: ThresholdResult) => void): () => void {
  if (run.thresholdDefs.length === 0) return () => {};
  let crossed: ThresholdResult | undefined;
  const check = () => {
    if (crossed || stopped()) return;
    const results = evaluateThresholds(run.store, run.thresholdDefs, { durationMs: Date.now() - run.testStart });
    run.live.thresholds = results;
    crossed = results.find((t) => !t.ok && t.abortOnFail && Date.now() - run.testStart >= t.delayAbortEvalMs);
    if (crossed) {
      run.log.error(`threshold '${crossed.source}' on ${crossed.metric} was crossed and has abortOnFail: stopping the test`);
      abort(crossed);
    }
  };
  const timer = setInterval(check, THRESHOLD_EVAL_MS);
  check(); // the API reports thresholds (as not tainted) from the start
  return () => clearInterval(timer);
}
