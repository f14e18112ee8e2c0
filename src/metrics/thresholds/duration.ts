/**
 * `delayAbortEval` durations: k6's grammar (lib/duration.ts), negative
 * values rejected.
 */
import { parseDurationMs as parseAnyDurationMs } from '../../lib/index.ts';

/** Milliseconds for a k6 duration, or undefined when it is not one. Negative durations are rejected. */
export function parseDurationMs(input: string | number): number | undefined {
  const ms = parseAnyDurationMs(input);
  return ms !== undefined && ms >= 0 ? ms : undefined;
}
