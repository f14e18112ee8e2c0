/**
 * k6's duration grammar (Go's time.ParseDuration plus days and bare
 * numbers): `1h2m3s`, `1.5s`, `500ms`, `10us`/`10µs`, `250ns`, `2d12h`, a
 * leading sign; a string holding only a number is milliseconds. Shared by
 * config/ (options) and metrics/ (threshold delayAbortEval).
 */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
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

/** A duration string → ms, or undefined when it does not follow k6's grammar. */
function parseDurationText(text: string): number | undefined {
  if (NUMBER_ONLY.test(text)) return Number(text);
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

/** Milliseconds for a duration given as a number of ms or a k6 duration string; undefined when it is neither. */
export function parseDurationMs(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') ms = parseDurationText(value.trim());
  return ms !== undefined && Number.isFinite(ms) ? ms : undefined;
}
