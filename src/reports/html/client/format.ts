/**
 * Number formatting for the report page (bundled into the page's script,
 * see assets.ts; also used by the unit tests in Node, so no DOM here).
 */
import type { Unit } from '../charts.ts';
import type { ProbeDrain } from './model.ts';

/** A number with at most `digits` decimals, trailing zeros dropped. */
export function formatNumber(v: number, digits: number): string {
  if (!Number.isFinite(v)) return String(v);
  const fixed = v.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** A whole count with thousands separators: 12,345. */
export function formatCount(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

/** Milliseconds the way k6 prints them: 850µs, 12.5ms, 1.2s, 2m3s. */
export function formatMs(ms: number): string {
  const a = Math.abs(ms);
  if (a === 0) return '0s';
  if (a < 1) return `${formatNumber(ms * 1000, a < 0.01 ? 2 : 0)}µs`;
  if (a < 1000) return `${formatNumber(ms, a < 10 ? 2 : a < 100 ? 1 : 0)}ms`;
  if (a < 60_000) return `${formatNumber(ms / 1000, 2)}s`;
  const m = Math.floor(a / 60_000);
  const s = Math.round((a - m * 60_000) / 1000);
  if (m < 60) return `${ms < 0 ? '-' : ''}${m}m${s}s`;
  return `${ms < 0 ? '-' : ''}${Math.floor(m / 60)}h${m % 60}m${s}s`;
}

/** Bytes in k6's decimal units: 950 B, 12 kB, 3.4 MB. */
export function formatBytes(v: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let x = Math.abs(v);
  while (x >= 1000 && i < units.length - 1) { x /= 1000; i++; }
  return `${v < 0 ? '-' : ''}${formatNumber(x, i === 0 || x >= 100 ? 0 : 1)} ${units[i]}`;
}

/** A value in its unit; a missing value is an en dash. */
export function formatUnit(v: number | null | undefined, unit: Unit): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  switch (unit) {
    case 'count': return formatCount(v);
    case 'per-s': return `${formatNumber(v, Math.abs(v) < 10 ? 2 : 1)}/s`;
    case 'ms': return formatMs(v);
    case 'percent': return `${formatNumber(v * 100, 2)}%`;
    case 'bytes': return formatBytes(v);
    case 'bytes-per-s': return `${formatBytes(v)}/s`;
    default: return formatNumber(v, Math.abs(v) < 10 ? 3 : 1);
  }
}

/** A run's length: 8.2s, 1m30s, 2h0m5s. */
export function formatDuration(ms: number): string {
  return ms < 60_000 ? `${formatNumber(ms / 1000, 1)}s` : formatMs(ms);
}

/** Seconds since the start as a clock: 0:05, 12:30, 1:02:05. */
export function formatElapsed(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The drain as a sentence, with the class that colours it. */
export function drainNote(d: ProbeDrain | undefined, running: boolean): { text: string; cls: string } | undefined {
  if (!d) return undefined;
  const to = d.until ? ` to ${d.until}` : '';
  if (d.ms === undefined) {
    return running ? { text: `drain${to}: timed after the load`, cls: 'pending' } : { text: `drain${to}: not measured`, cls: 'pending' };
  }
  return d.drained === false
    ? { text: `did not drain${to} within ${formatMs(d.ms)} after the load`, cls: 'not-drained' }
    : { text: `drained${to} in ${formatMs(d.ms)} after the load`, cls: 'drained' };
}
