/**
 * Header helpers: k6 shows header names in Go's canonical form
 * (`content-type` → `Content-Type`) and joins repeated values with ", ".
 */

const canonicalCache = new Map<string, string>();
const CACHE_LIMIT = 2048;
const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Go's canonical MIME header key: the first letter and every letter after a
 * hyphen upper-cased, the rest lower-cased. Names with characters that are not
 * valid in a header token are returned unchanged (as Go does).
 */
export function canonicalHeaderName(name: string): string {
  const cached = canonicalCache.get(name);
  if (cached !== undefined) return cached;
  let out = name;
  if (TOKEN_RE.test(name)) {
    out = '';
    let upper = true;
    for (let i = 0; i < name.length; i++) {
      const ch = name[i];
      out += upper ? ch.toUpperCase() : ch.toLowerCase();
      upper = ch === '-';
    }
  }
  if (canonicalCache.size < CACHE_LIMIT) canonicalCache.set(name, out);
  return out;
}

/** Flat header values as undici reports them: one string, or several for a repeated header. */
export type HeaderValues = string | string[] | undefined;

/**
 * Turns undici's parsed response headers (lower-case names) into k6's
 * `Response.headers`: canonical names, repeated values joined with ", ".
 */
export function canonicalResponseHeaders(parsed: Record<string, HeaderValues>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in parsed) {
    const v = parsed[key];
    if (v === undefined) continue;
    out[canonicalHeaderName(key)] = typeof v === 'string' ? v : v.join(', ');
  }
  return out;
}

/** Case-insensitive lookup in a header record; returns the first value or undefined. */
export function findHeader(headers: Readonly<Record<string, string | string[]>>, lowerName: string): string | undefined {
  for (const key in headers) {
    if (key.length === lowerName.length && key.toLowerCase() === lowerName) {
      const v = headers[key];
      return Array.isArray(v) ? v[0] : v;
    }
  }
  return undefined;
}

/** Removes every spelling of `lowerName` from a mutable header record. */
export function deleteHeader(headers: Record<string, string | string[]>, lowerName: string): void {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lowerName) delete headers[key];
}
