/**
 * A worker's batcher with every metric the runtime itself emits defined, and
 * the SampleSink its VUs write through. The test's VUs and the JIT warm-up's
 * throwaway VUs (warm-up.ts) are built on the same pair, so both record the
 * same metrics through the same code.
 */
import { Batcher } from '../metrics/index.ts';
import { BUILTIN_METRICS } from './builtin-metrics.ts';
import type { SampleSink } from './vu-runtime.ts';

export function newWorkerBatcher(keepPoints: boolean): { batcher: Batcher; sink: SampleSink } {
  const batcher = new Batcher({ keepPoints });
  for (const def of BUILTIN_METRICS) batcher.define(def);
  batcher.define({ name: 'script_errors', type: 'counter', contains: 'default' });
  // Stampede's own: how late arrival-rate iterations started against their schedule
  batcher.define({ name: 'iteration_lateness', type: 'trend', contains: 'time' });
  const sink: SampleSink = {
    add: (metric, tags, value, time) => batcher.add(metric, tags, value, time),
    addAll: (metrics, tags, values) => batcher.addAll(metrics, tags, values),
    define: (name, type, contains) => batcher.define({ name, type, contains: contains ?? 'default' }),
  };
  return { batcher, sink };
}
