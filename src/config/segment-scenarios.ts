/**
 * One instance's share of each scenario under an execution segment, as k6
 * splits them (execution-segment.ts): VU counts and pre-allocated/max VUs
 * are the instance's share; shared-iterations' iterations are split over
 * the sequence re-cut from its VUs; per-VU iterations, durations and
 * arrival rates stay the test's (an arrival-rate instance starts the
 * iterations of the common schedule it owns). Each scenario also carries
 * the stripe that numbers its iterations across instances
 * (exec.scenario.iterationInTest), and ramping-vus the stripe that turns the
 * test's VU count at any moment into this instance's.
 */
import type { ScenarioConfig } from './options.ts';
import { stripeOf, stripedShare, type ExecutionTuple } from './execution-segment.ts';
import { peakOf } from './executors/stages.ts';

/** `config` for the instance at `tuple`, or undefined when the instance has no work in it. */
export function segmentScenario(config: ScenarioConfig, tuple: ExecutionTuple): ScenarioConfig | undefined {
  if (tuple.isWhole) return config;
  const stripe = stripeOf(tuple);
  switch (config.executor) {
    case 'shared-iterations': {
      const cut = tuple.resegment(config.vus);
      const vus = tuple.scale(config.vus);
      const iterations = cut?.scale(config.iterations) ?? 0;
      if (vus === 0 || iterations === 0) return undefined;
      return { ...config, vus, iterations, iterationStripe: stripeOf(cut) };
    }
    case 'per-vu-iterations':
    case 'constant-vus': {
      const vus = tuple.scale(config.vus);
      return vus === 0 ? undefined : { ...config, vus, iterationStripe: stripe };
    }
    case 'ramping-vus': {
      const segmented = { ...config, vuStripe: stripe, iterationStripe: stripe };
      return stripedShare(stripe, peakOf(config.startVUs, config.stages)) === 0 ? undefined : segmented;
    }
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      // the schedule's iterations are dealt out by the sequence re-cut from maxVUs, as k6 does
      const cut = tuple.resegment(config.maxVUs);
      const maxVUs = tuple.scale(config.maxVUs);
      if (cut === undefined || maxVUs === 0) return undefined;
      return { ...config, preAllocatedVUs: tuple.scale(config.preAllocatedVUs), maxVUs, iterationStripe: stripeOf(cut) };
    }
    case 'externally-controlled':
      // k6 does not distribute it either: its REST scaling has no split
      throw new SegmentScenarioError(`scenarios.${config.name}: an externally-controlled scenario cannot run on an execution segment`);
  }
}

export class SegmentScenarioError extends Error {}
