/**
 * A worker's batcher with every metric the runtime itself emits defined, and
 * the SampleSink its VUs write through. The test's VUs and the JIT warm-up's
 * throwaway VUs (warm-up.ts) are built on the same pair, so both record the
 * same metrics through the same code. Which metrics are built in (k6's and
 * Stampede's own) is metrics/'s registry's to say.
 */
import { Batcher } from '../metrics/index.ts';
import { BUILTIN_METRICS } from './builtin-metrics.ts';
import { FaultTagger } from './fault-tags.ts';
import type { SampleSink } from './vu-runtime.ts';

/** The batcher, the sink the VUs write through, and the tagger that marks their samples with an open chaos fault. */
export function newWorkerBatcher(keepPoints: boolean): { batcher: Batcher; sink: SampleSink; faults: FaultTagger } {
  const batcher = new Batcher({ keepPoints });
  for (const def of BUILTIN_METRICS) batcher.define(def);
  const faults = new FaultTagger();
  const sink: SampleSink = {
    add: (metric, tags, value, time, metadata) => batcher.add(metric, faults.tag(tags), value, time, metadata),
    addAll: (metrics, tags, values, metadata) => batcher.addAll(metrics, faults.tag(tags), values, metadata),
    define: (name, type, contains) => batcher.define({ name, type, contains: contains ?? 'default' }),
    exemplars: batcher.exemplars,
  };
  return { batcher, sink, faults };
}
