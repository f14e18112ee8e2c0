/**
 * externally-controlled: `vus` VUs loop until `duration` ends (0: until
 * the test is stopped); the REST API scales them up to maxVUs, which it
 * may raise. No gracefulStop.
 */
import type { ScenarioCommon } from '../options.ts';
import { formatDuration } from '../duration.ts';
import { closedModelParts, type ExecutorDefinition } from './definition.ts';

export interface ExternallyControlledConfig extends ScenarioCommon {
  executor: 'externally-controlled';
  vus: number;
  maxVUs: number;
  /** 0: until the test is stopped */
  durationMs: number;
}

export const externallyControlled: ExecutorDefinition<ExternallyControlledConfig> = {
  name: 'externally-controlled',
  options: ['vus', 'maxVUs', 'duration'],
  gracefulStop: false,
  scalable: true,
  parse(f) {
    const vus = f.count('vus', 0);
    const maxVUs = f.count('maxVUs', vus);
    if (f.has('maxVUs') && vus !== undefined && maxVUs !== undefined && maxVUs < vus) f.problem('maxVUs', `must be >= vus (${vus}), got ${maxVUs}`);
    const duration = f.required('duration') ? f.duration('duration') : undefined;
    if (f.has('gracefulStop')) f.problem('gracefulStop', 'not supported by the externally-controlled executor');
    return { vus: vus ?? 0, maxVUs: maxVUs ?? 0, durationMs: duration ?? 0 };
  },
  maxVUs: (s) => s.maxVUs,
  initialVUs: (s) => s.maxVUs,
  plannedMs: (s) => (s.durationMs === 0 ? Infinity : s.durationMs),
  peakRate: () => 0,
  describe: (s) => `Externally controlled execution with ${s.vus} VUs, ${s.maxVUs} max VUs, ${s.durationMs === 0 ? 'infinite' : formatDuration(s.durationMs)} duration`,
  workerParts: (s, workers) => closedModelParts(s.maxVUs, workers),
  progress: { fixedVUs: false, measure: () => ({}) },
};
