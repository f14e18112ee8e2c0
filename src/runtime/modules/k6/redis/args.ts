/**
 * Checks and converts the JavaScript values a script passes to Client
 * methods into Redis command arguments, the way k6 does: strings and
 * numbers as text, booleans as "1"/"0", binary data as bytes. Anything else
 * is a TypeError naming the method and argument.
 */

export type Arg = string | Buffer;

/** A key or field name: a string (numbers are accepted and written as text). */
export function key(method: string, what: string, v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new TypeError(`redis Client.${method}(): ${what} must be a string, got ${describe(v)}`);
}

/** A stored value: string, number, boolean or binary data. */
export function value(method: string, what: string, v: unknown): Arg {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && !Number.isNaN(v)) return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError(`redis Client.${method}(): ${what} must be a string, number or boolean, got ${describe(v)}`);
}

/** An integer argument (count, index, increment, seconds). */
export function int(method: string, what: string, v: unknown): string {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n === 'number' && Number.isInteger(n)) return String(n);
  throw new TypeError(`redis Client.${method}(): ${what} must be an integer, got ${describe(v)}`);
}

/** Variadic arguments where arrays are spread too: del('a', 'b') and del(['a', 'b']) are the same. */
export function spread(args: readonly unknown[]): unknown[] {
  return args.flatMap((a) => (Array.isArray(a) ? a : [a]));
}

/** Like spread, but at least one item is required. */
export function atLeastOne(method: string, what: string, args: readonly unknown[]): unknown[] {
  const items = spread(args);
  if (items.length === 0) throw new TypeError(`redis Client.${method}(): at least one ${what} is required`);
  return items;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
