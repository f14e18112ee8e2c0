/**
 * Converts raw RESP2 replies into the values k6's Client methods resolve
 * with: strings, numbers, booleans for 0/1 answers, arrays, and plain
 * objects for hashes. A nil reply to a single-value read rejects, as in k6.
 */
import { nilError } from './errors.ts';

/** A bulk string that must exist; `what` says what was missing ("key \"k\" does not exist"). */
export function requiredString(raw: unknown, command: string, what: string): string {
  if (raw === null || raw === undefined) throw nilError(command, what);
  return text(raw);
}

export function integer(raw: unknown): number {
  return typeof raw === 'number' ? raw : Number(raw);
}

/** 1/0 integer replies (EXPIRE, PERSIST, SISMEMBER, HSETNX) as true/false. */
export function flag(raw: unknown): boolean {
  return integer(raw) === 1;
}

export function strings(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.map(text) : [];
}

/** MGET: missing keys stay null. */
export function nullableStrings(raw: unknown): (string | null)[] {
  return Array.isArray(raw) ? raw.map((v) => (v === null || v === undefined ? null : text(v))) : [];
}

/** HGETALL: a plain object of field → value (an empty object when the hash does not exist). */
export function hash(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) out[text(raw[i])] = text(raw[i + 1]);
  } else if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) out[k] = text(v);
  }
  return out;
}

/** sendCommand: whatever the server said, with bytes as text; a nil reply rejects. */
export function anyReply(raw: unknown, command: string): unknown {
  if (raw === null || raw === undefined) throw nilError(command, 'the reply was nil');
  return plain(raw);
}

function plain(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

function text(v: unknown): string {
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}
