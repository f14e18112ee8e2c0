/**
 * Turns exceptions thrown by compiled script code into plain data pointing at
 * the user's file:line:column (through the script's source map); notes where
 * values that are not Errors were thrown (they carry no stack); and limits
 * how often the same script error is logged without losing count.
 */
import type { SerializedError } from '../workers/protocol.ts';

export interface ErrorLocator {
  locate(err: unknown): { file: string; line: number; column: number } | undefined;
  stack(err: unknown): string;
}

/** Where a value that is not an Error was thrown: the user's position, and the stack at that moment (compiled frames). */
export interface ThrowSite {
  file: string;
  line: number;
  column: number;
  /** V8 formats it on first read, so the capture costs little */
  readonly stack?: string;
}

/** Sites of thrown objects (not Errors), by identity: exact however many iterations interleave. */
const objectSites = new WeakMap<object, ThrowSite>();

/**
 * One VU's record of its thrown non-Error values. The compiler turns every
 * `throw X` into `throw __vuContext.thrown(X, file, line, column)` (script/rewrite.ts
 * wrapThrows): V8 keeps no location for `throw 'no account'`, and the place
 * where the iteration loop catches it is not where it was thrown. Objects are
 * remembered by identity; a primitive as the VU's last thrown value, which is
 * what reaches the loop unless the script caught it and threw an equal
 * primitive elsewhere.
 */
export class ThrowSites {
  #lastValue: unknown;
  #lastSite?: ThrowSite;

  /** `__vuContext.thrown`: notes where `value` was thrown and returns it unchanged. */
  readonly thrown = (value: unknown, file: string, line: number, column: number): unknown => {
    if (value instanceof Error) return value; // its own stack says where
    const site: { file: string; line: number; column: number; stack?: string } = { file, line, column };
    Error.captureStackTrace(site, this.thrown);
    if (typeof value === 'object' && value !== null) {
      objectSites.set(value, site);
    } else {
      this.#lastValue = value;
      this.#lastSite = site;
    }
    return value;
  };

  /** Where `err` (not an Error) was thrown, when this VU noted it. */
  siteOf(err: unknown): ThrowSite | undefined {
    if (typeof err === 'object' && err !== null) return objectSites.get(err);
    return this.#lastSite && Object.is(err, this.#lastValue) ? this.#lastSite : undefined;
  }
}

/** Where a thrown object (not an Error) was thrown, whichever VU threw it (unhandled rejections have no VU). */
export function objectThrowSite(err: unknown): ThrowSite | undefined {
  return typeof err === 'object' && err !== null ? objectSites.get(err) : undefined;
}

/**
 * Plain-data form of `err` for postMessage, located in the user's code when
 * possible. A thrown value that is not an Error reads as k6 prints it (the
 * string itself, no "Error: "; plain objects as JSON) and is located by
 * `site` (ThrowSites) when known.
 */
export function serializeError(err: unknown, locator?: ErrorLocator, site?: ThrowSite): SerializedError {
  if (!(err instanceof Error)) {
    const message = thrownText(err);
    if (!site) return { message, name: '' };
    const frames = site.stack && locator ? safe(() => throwSiteFrames(locator, site)) : undefined;
    return { message, name: '', stack: frames || undefined, file: site.file, line: site.line, column: site.column };
  }
  const loc = safe(() => locator?.locate(err));
  const stack = safe(() => locator?.stack(err)) ?? err.stack;
  const e = err as Error & { code?: unknown; hint?: unknown };
  return {
    message: err.message,
    name: err.name,
    code: typeof e.code === 'string' ? e.code : undefined,
    hint: typeof e.hint === 'string' ? e.hint : undefined,
    stack,
    file: loc?.file,
    line: loc?.line,
    column: loc?.column,
  };
}

/**
 * The mapped frames of the stack captured at a throw site. The first one is
 * the throwing function at the inserted helper call, whose column the source
 * map cannot place exactly: it gets the site's own position.
 */
function throwSiteFrames(locator: ErrorLocator, site: ThrowSite): string {
  const lines = locator.stack({ stack: site.stack }).split('\n').filter((l) => /^\s+at /.test(l));
  if (lines.length === 0) return '';
  const where = `${site.file}:${site.line}:${site.column}`;
  const first = lines[0];
  lines[0] = first.endsWith(')') ? `${first.slice(0, first.lastIndexOf('(') + 1)}${where})` : `${first.slice(0, first.indexOf('at ') + 3)}${where}`;
  return lines.join('\n');
}

/** A thrown non-Error as text: a string as it is (as k6 prints it), a plain object as JSON. */
function thrownText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null) {
    const toString = (v as { toString?: unknown }).toString;
    if (typeof toString === 'function' && toString !== Object.prototype.toString) {
      const s = safe(() => String(v));
      if (s !== undefined) return s;
    }
    const json = safe(() => JSON.stringify(v));
    if (json !== undefined) return json;
    return Object.prototype.toString.call(v);
  }
  return String(v);
}

/** One line for a log: `Error: boom at script.js:10:11`; a thrown non-Error (name '') has no prefix. */
export function describeError(e: SerializedError): string {
  const where = e.file ? ` at ${e.file}:${e.line}:${e.column}` : '';
  const prefix = e.name === '' ? '' : `${e.name && e.name !== 'Error' ? e.name : 'Error'}: `;
  return `${prefix}${e.message}${where}`;
}

interface Seen { last: number; suppressed: number; text: string }

/**
 * Logs the first occurrence of each distinct script error, then at most one
 * line per `intervalMs` for it; what was left out is counted, never lost:
 * the next printed line says how many like it were suppressed, and `drain`
 * (at the end of the test) reports what was suppressed since. Remembers at
 * most `maxKeys` distinct errors (messages can carry ids); one forgotten
 * with a count still owed reports it first.
 */
export class ErrorLogLimiter {
  readonly #entries = new Map<string, Seen>();
  readonly #print: (line: string) => void;
  readonly #intervalMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;

  /** `print` receives the lines for counts owed (see `drain`). */
  constructor(print: (line: string) => void, opts: { intervalMs?: number; maxKeys?: number; now?: () => number } = {}) {
    this.#print = print;
    this.#intervalMs = opts.intervalMs ?? 5000;
    this.#maxKeys = opts.maxKeys ?? 1000;
    this.#now = opts.now ?? Date.now;
  }

  /**
   * One occurrence of the error `key` (described by `text`): undefined when it
   * is suppressed, else the number like it suppressed since it was last
   * printed (0 the first time), for the caller to print.
   */
  admit(key: string, text: string): number | undefined {
    const now = this.#now();
    const seen = this.#entries.get(key);
    if (seen === undefined) {
      if (this.#entries.size >= this.#maxKeys) this.#forgetOldest();
      this.#entries.set(key, { last: now, suppressed: 0, text });
      return 0;
    }
    if (now - seen.last < this.#intervalMs) {
      seen.suppressed++;
      return undefined;
    }
    const suppressed = seen.suppressed;
    seen.suppressed = 0;
    seen.last = now;
    return suppressed;
  }

  /** Prints one line per error with occurrences suppressed since its last printed line; then they are owed nothing. */
  drain(): void {
    for (const seen of this.#entries.values()) this.#owe(seen);
  }

  #owe(seen: Seen): void {
    if (seen.suppressed === 0) return;
    this.#print(`${seen.text} (${seen.suppressed} more like this suppressed)`);
    seen.suppressed = 0;
  }

  #forgetOldest(): void {
    const [key, seen] = this.#entries.entries().next().value as [string, Seen];
    this.#owe(seen);
    this.#entries.delete(key);
  }
}

function safe<T>(fn: () => T): T | undefined {
  try { return fn(); } catch { return undefined; }
}
