/**
 * k6 durations. Grammar (k6's, i.e. Go's time.ParseDuration plus days and
 * bare numbers): `1h2m3s`, `1.5s`, `500ms`, `10us`/`10µs`, `250ns`, `2d12h`,
 * a leading sign; a number, or a string holding only a number, is
 * milliseconds (`1500` and `"1500"` are both 1.5 s), as k6 reads JSON and
 * K6_* values. Results are milliseconds (fractions allowed).
 */
import { ConfigError } from '../errors/index.ts';
import { show } from './values.ts';
import { parseDurationMs } from '../lib/index.ts';

/** The problem text for a value that is not a duration, without the path. */
export function invalidDurationMessage(value: unknown): string {
  return `invalid duration ${show(value)}; use e.g. 30s, 1m30s, 500ms`;
}

/**
 * Parses a duration into ms, pushing `path: invalid duration …` onto
 * `problems` (and returning undefined) when it is not one. Negative values
 * parse; callers decide whether they are allowed.
 */
export function tryParseDuration(value: unknown, path: string, problems: string[]): number | undefined {
  const ms = parseDurationMs(value);
  if (ms === undefined) {
    problems.push(`${path}: ${invalidDurationMessage(value)}`);
    return undefined;
  }
  return ms;
}

/** Parses a duration into ms; throws a ConfigError (`path: invalid duration "1x"; …`) when it is not one. */
export function parseDuration(value: string | number, path: string): number {
  const problems: string[] = [];
  const ms = tryParseDuration(value, path, problems);
  if (ms === undefined) throw new ConfigError(problems);
  return ms;
}

/** `int.frac` of `value / unit` with trailing zeros cut (`1500, 1000` → `1.5`). */
function withFraction(value: number, unit: number, digits: number): string {
  const whole = Math.floor(value / unit);
  const rest = value - whole * unit;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/**
 * Formats ms the way k6 prints durations (Go's style): `0s`, `500ms`,
 * `1.5s`, `1m30s`, `10m0s`, `1h0m0s`, `250µs`. Infinity prints `∞`.
 */
export function formatDuration(ms: number): string {
  if (Number.isNaN(ms)) return 'NaN';
  if (!Number.isFinite(ms)) return ms > 0 ? '∞' : '-∞';
  let ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  ns = Math.abs(ns);
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${withFraction(ns, 1e3, 3)}µs`;
  if (ns < 1e9) return `${sign}${withFraction(ns, 1e6, 6)}ms`;
  const hours = Math.floor(ns / 3.6e12);
  let rest = ns - hours * 3.6e12;
  const minutes = Math.floor(rest / 6e10);
  rest -= minutes * 6e10;
  const seconds = `${withFraction(rest, 1e9, 9)}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}
