/**
 * Run ids: short, sortable, readable — the start time in UTC to the second
 * plus four random hex digits, e.g. `20261129-151203-a1b2`. Sorting ids as
 * text sorts runs by start time; the suffix keeps runs started in the same
 * second apart.
 */
import { randomBytes } from 'node:crypto';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A new id for a run that started at `startedAt` (wall-clock ms). */
export function newRunId(startedAt: number): string {
  const d = new Date(startedAt);
  const day = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  return `${day}-${time}-${randomBytes(2).toString('hex')}`;
}

/** Only these characters can be in an id (or a prefix of one). */
export function looksLikeIdPrefix(ref: string): boolean {
  return /^[0-9a-f-]+$/.test(ref);
}

/** `2026-11-29 15:12:03Z`: a start time as the history shows it (UTC, as in the ids). */
export function formatStartTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
