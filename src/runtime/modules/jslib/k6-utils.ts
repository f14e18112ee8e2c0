/**
 * Built-in equivalent of https://jslib.k6.io/k6-utils/<version>/index.js,
 * so scripts importing it run without network access.
 */
import { randomUUID, randomBytes } from 'node:crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Random integer in [min, max], both ends included. */
export function randomIntBetween(min: number, max: number): number {
  return Math.floor(Math.random() * (max - min + 1) + min);
}

/** A random element of the array. */
export function randomItem<T>(items: T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** A random string of `length` characters from `charset` (lowercase letters and digits by default). */
export function randomString(length: number, charset: string = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += charset[Math.floor(Math.random() * charset.length)];
  return out;
}

/** A version 4 UUID; `secure` uses the crypto generator (always crypto-quality here). */
export function uuidv4(_secure = false): string {
  return randomUUID();
}

/**
 * The text between `left` and `right`; with `repeat`, every such piece.
 * Returns null (or []) when not found, like k6-utils.
 */
export function findBetween(content: string, left: string, right: string, repeat = false): string | string[] | null {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const start = content.indexOf(left, from);
    if (start === -1) break;
    const valueStart = start + left.length;
    const end = content.indexOf(right, valueStart);
    if (end === -1) break;
    found.push(content.slice(valueStart, end));
    if (!repeat) break;
    from = end + right.length;
  }
  return repeat ? found : (found[0] ?? null);
}

/** Normal-distributed random number (k6-utils normalDistributionStages helper's building block). */
export function getCurrentStageIndex(): number {
  throw new Error('getCurrentStageIndex() is not supported yet; use k6/execution scenario.progress');
}

type CoreCheck = (value: unknown, sets: Record<string, unknown>, tags?: Record<string, string>) => boolean;

/**
 * k6-utils' check (1.5.0+): k6's check() for checkers that return (or are)
 * Promises — the k6/browser way. Each result is awaited, then recorded by
 * k6's own check (a `checks` sample tagged `check: name`); returns a
 * Promise<boolean> when any result was a Promise, else a boolean.
 */
export function asyncCheck(coreCheck: CoreCheck): (value: unknown, sets: Record<string, unknown>, tags?: Record<string, string>) => boolean | Promise<boolean> {
  return (value, sets, tags) => {
    const results = Object.entries(sets ?? {}).map(([name, c]): [string, unknown] => [name, typeof c === 'function' ? (c as (v: unknown) => unknown)(value) : c]);
    const record = (resolved: [string, unknown][]) => coreCheck(value, Object.fromEntries(resolved.map(([name, r]) => [name, () => r])), tags);
    if (!results.some(([, r]) => r instanceof Promise)) return record(results);
    return Promise.all(results.map(async ([name, r]): Promise<[string, unknown]> => [name, await r])).then(record);
  };
}

export const k6UtilsModule = (core: Record<string, unknown>): Record<string, unknown> => {
  const api = {
    randomIntBetween, randomItem, randomString, uuidv4, findBetween, randomBytes: (n: number) => new Uint8Array(randomBytes(n)).buffer,
    check: asyncCheck(core.check as CoreCheck),
  };
  return { ...api, default: api };
};
