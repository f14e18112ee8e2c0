/**
 * Small readers for user-supplied option values. Each one checks a value's
 * shape, pushes a `path: message` problem when it is wrong, and returns the
 * value (or undefined). `null` and `undefined` mean "not set" everywhere, as
 * in k6 where a JSON null leaves an option unset.
 */

/** True when the option was given (not undefined, not null). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Shows a user's value in a message: strings quoted, other values as JSON, long ones cut. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let text: string;
  try { text = JSON.stringify(value) ?? String(value); } catch { text = String(value); }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `base.key`, or `base["key"]` when the key is not a plain word (e.g. a threshold on a submetric). */
export function childPath(base: string, key: string): string {
  const plain = /^[\w-]+$/.test(key);
  if (!base) return plain ? key : `[${JSON.stringify(key)}]`;
  return plain ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** A count (VUs, iterations, targets…): an integer >= 0. */
export function readCount(value: unknown, path: string, problems: string[]): number | undefined {
  if (!isSet(value)) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    problems.push(`${path}: must be a non-negative integer, got ${show(value)}`);
    return undefined;
  }
  if (value < 0) {
    problems.push(`${path}: must be >= 0, got ${value}`);
    return undefined;
  }
  return value;
}

/** A boolean (true/false, nothing else). */
export function readBool(value: unknown, path: string, problems: string[]): boolean | undefined {
  if (!isSet(value)) return undefined;
  if (typeof value !== 'boolean') {
    problems.push(`${path}: must be true or false, got ${show(value)}`);
    return undefined;
  }
  return value;
}

/** A string. */
export function readString(value: unknown, path: string, problems: string[]): string | undefined {
  if (!isSet(value)) return undefined;
  if (typeof value !== 'string') {
    problems.push(`${path}: must be a string, got ${show(value)}`);
    return undefined;
  }
  return value;
}

/** An array of strings. */
export function readStringList(value: unknown, path: string, problems: string[]): string[] | undefined {
  if (!isSet(value)) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be a list of strings, got ${show(value)}`);
    return undefined;
  }
  let ok = true;
  value.forEach((item, i) => {
    if (typeof item !== 'string') { problems.push(`${path}[${i}]: must be a string, got ${show(item)}`); ok = false; }
  });
  return ok ? (value as string[]) : undefined;
}

/** An object whose values are all strings (tags, env, hosts). */
export function readStringMap(value: unknown, path: string, problems: string[]): Record<string, string> | undefined {
  if (!isSet(value)) return undefined;
  if (!isPlainObject(value)) {
    problems.push(`${path}: must be an object of string values, got ${show(value)}`);
    return undefined;
  }
  let ok = true;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') { problems.push(`${childPath(path, key)}: must be a string, got ${show(item)}`); ok = false; }
  }
  return ok ? (value as Record<string, string>) : undefined;
}
