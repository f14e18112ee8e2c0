/**
 * How k6 writes numbers in its summaries: durations (`1.23ms`, `245µs`,
 * `1m2s`), byte sizes (`519 kB`), rates as percentages truncated to two
 * decimals, plain numbers with at most six decimals; plus ANSI decoration.
 */
import type { MetricType, ValueType } from '../metrics/index.ts';

/** Formats `value` to `precision` decimals and drops trailing zeros (`1.50` → `1.5`). */
export function fixedNoTrailingZeros(value: number, precision: number): string {
  return String(parseFloat(value.toFixed(precision)));
}

function truncatedNoTrailingZeros(value: number, precision: number): string {
  const scale = 10 ** precision;
  return fixedNoTrailingZeros(Math.trunc(value * scale) / scale, precision);
}

/** k6's automatic duration format for milliseconds: 0s, 950ns, 245.5µs, 1.23ms, 1.5s, 1m2s, 1h2m3s. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 0.001) return `${Math.trunc(ms * 1e6)}ns`;
  if (ms < 1) return `${truncatedNoTrailingZeros(ms * 1000, 2)}µs`;
  if (ms < 1000) return `${truncatedNoTrailingZeros(ms, 2)}ms`;
  let out = `${truncatedNoTrailingZeros((ms % 60_000) / 1000, ms > 60_000 ? 0 : 2)}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 1) return out;
  out = `${minutes % 60}m${out}`;
  const hours = Math.trunc(minutes / 60);
  return hours < 1 ? out : `${hours}h${out}`;
}

const TIME_UNITS: Record<string, { unit: string; perMs: number }> = {
  s: { unit: 's', perMs: 0.001 },
  ms: { unit: 'ms', perMs: 1 },
  us: { unit: 'µs', perMs: 1000 },
};

/** A duration in `timeUnit` (s, ms or us, two decimals) or, when unset or unknown, k6's automatic format. */
export function formatTime(ms: number, timeUnit?: string): string {
  const u = timeUnit ? TIME_UNITS[timeUnit] : undefined;
  return u ? `${(ms * u.perMs).toFixed(2)}${u.unit}` : formatDuration(ms);
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** Rounds to one decimal, halves up, as k6 rounds its byte sizes. */
function roundTenth(v: number): number {
  return Math.floor(v * 10 + 0.5) / 10;
}

/**
 * k6's byte format (SI, base 1000): `7 B`, `4.9 kB`, `519 kB`, `1.3 MB`.
 * Below 10 B k6 prints the number as is, which for a rate gives
 * `8.7940386828119 B/s`; a fraction there is rounded like the other units
 * instead (one decimal below 10, `8.8 B/s`), a whole number stays `7 B`.
 */
export function formatBytes(bytes: number): string {
  if (!(bytes >= 10)) {
    if (Number.isInteger(bytes) || !Number.isFinite(bytes)) return `${bytes} B`;
    const v = roundTenth(bytes);
    return `${v.toFixed(v < 10 ? 1 : 0)} B`;
  }
  const e = Math.min(Math.floor(Math.log(bytes) / Math.log(1000)), BYTE_UNITS.length - 1);
  const v = roundTenth(bytes / 1000 ** e);
  return `${v.toFixed(v < 10 ? 1 : 0)} ${BYTE_UNITS[e]}`;
}

/** A rate (0..1) as k6 shows it: a percentage truncated, not rounded, to two decimals. */
export function formatPercent(rate: number): string {
  return `${(Math.trunc(rate * 100 * 100) / 100).toFixed(2)}%`;
}

/** One metric value the way k6 shows it, by metric type and `contains`. */
export function formatValue(value: number, metric: { type: MetricType; contains: ValueType }, timeUnit?: string): string {
  if (metric.type === 'rate') return formatPercent(value);
  if (metric.contains === 'data') return formatBytes(value);
  if (metric.contains === 'time') return formatTime(value, timeUnit);
  return fixedNoTrailingZeros(value, 6);
}

/** ANSI SGR codes used by the summaries. */
export const Ansi = { bold: 1, faint: 2, red: 31, green: 32, yellow: 33, cyan: 36, white: 37 } as const;

/** Wraps text in ANSI codes, or returns it unchanged when colors are off. */
export type Decorate = (text: string, ...codes: number[]) => string;

/** A Decorate that colors (k6 puts styles before the color: faint white is `\x1b[2;37m`). */
export function decorator(enableColors: boolean): Decorate {
  if (!enableColors) return (text) => text;
  return (text, ...codes) => `\x1b[${codes.join(';')}m${text}\x1b[0m`;
}

const ANSI_SEQUENCE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

/** Display width of a string on a terminal, ignoring ANSI sequences (one column per code point). */
export function displayWidth(s: string): number {
  let width = 0;
  for (const _ of s.replace(ANSI_SEQUENCE, '').normalize('NFKC')) width++;
  return width;
}
