/**
 * `delayAbortEval` durations: k6's grammar (the one parser, lib/duration.ts),
 * a bare number is ms, negative values rejected.
 */
import { parseDurationMs as parseAnyDurationMs } from '../../lib/index.ts';

/** Milliseconds for a k6 duration, or undefined when it is not one. Negative durations are rejected. */
export function parseDurationMs(input: string | number): number | undefined {
  return parseAnyDurationMs(input, { negative: false, bare: 'ms' });
}
