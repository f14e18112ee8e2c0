/**
 * The one duration parser. k6's grammar: Go's time.ParseDuration
 * (`1h2m3.5s`, `300ms`, `1.5s`, `2us`/`2µs`, `250ns`, a leading sign, `0`)
 * plus k6's days (`2d12h`) and bare numbers: a number, or a string holding
 * only a number, counts in a unit the caller names (k6 reads JSON numbers
 * and K6_* integers as milliseconds). Each caller passes its own rules:
 *
 *   options (config/)                 negative parses (callers check > 0 / >= 0), bare = ms
 *   threshold delayAbortEval (metrics/) negative refused, bare = ms
 *   request timeouts (k6/http, k6/grpc) negative refused, bare = ms
 *   dns.ttl (config/dns.ts)           negative refused, bare = ms (`inf` is the caller's)
 *
 * Results are milliseconds (fractions allowed); undefined when the value is
 * not a duration under the rules.
 */

/** A caller's rules on top of k6's grammar. */
export interface DurationRules {
  /** a negative duration parses (default true) */
  negative?: boolean;
  /**
   * what a bare number means (a JS number, or a string holding only a number
   * such as "1500" or "2.5"): the unit it counts in, or 'refuse' (default 'ms')
   */
  bare?: 'ms' | 's' | 'refuse';
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const BARE_MS = { ms: 1, s: 1000 } as const;
const NUMBER_ONLY = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const UNITS = 'ns|us|µs|μs|ms|s|m|h';
const GO_DURATION = new RegExp(`^(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:${UNITS}))+$`);
const GO_SEGMENT = new RegExp(`(\\d+\\.?\\d*|\\.\\d+)(${UNITS})`, 'g');
const WITH_DAYS = /^([+-]?\d+)d(.*)$/;

/** Unsigned Go-style units (`1h2m3.5s`) → ms, or undefined. */
function parseUnits(text: string): number | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(GO_SEGMENT)) total += Number(m[1]) * UNIT_MS[m[2]];
  return total;
}

/** A duration string with units (or Go's unitless `0`) → ms, or undefined. */
function parseUnitText(text: string): number | undefined {
  if (text === '0' || text === '+0' || text === '-0') return 0; // Go: "0" needs no unit
  const days = WITH_DAYS.exec(text);
  if (days) {
    const dayCount = Number(days[1]);
    const rest = days[2] === '' ? 0 : parseUnits(days[2]);
    if (rest === undefined) return undefined;
    const sign = days[1].startsWith('-') ? -1 : 1;
    return dayCount * 86_400_000 + sign * rest;
  }
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
  const ms = parseUnits(body);
  return ms === undefined ? undefined : sign * ms;
}

/**
 * Milliseconds for a duration given as a k6 duration string or a bare
 * number, under the caller's `rules`; undefined when it is not one (wrong
 * type, wrong grammar, not finite, negative where refused, bare where
 * refused).
 */
export function parseDurationMs(value: unknown, rules: DurationRules = {}): number | undefined {
  const bare = rules.bare ?? 'ms';
  let ms: number | undefined;
  if (typeof value === 'number') {
    ms = bare === 'refuse' ? undefined : value * BARE_MS[bare];
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (NUMBER_ONLY.test(text)) ms = bare === 'refuse' ? (Number(text) === 0 ? 0 : undefined) : Number(text) * BARE_MS[bare];
    else ms = parseUnitText(text);
  }
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  if (rules.negative === false && ms < 0) return undefined;
  return ms === 0 ? 0 : ms; // no -0
}
