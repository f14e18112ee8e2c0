/**
 * Small request/response helpers shared by the demo target's routes: reading
 * a bounded body, writing JSON/HTML/errors with a content-length, and parsing
 * cookies and form or JSON fields.
 */
import type { IncomingMessage, ServerResponse, OutgoingHttpHeaders } from 'node:http';

/** Largest request body the demo target buffers (bigger ones get 413). */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

/**
 * Buffers the whole request body. Resolves null (and stops reading) when it
 * grows past `limitBytes`; rejects if the client aborts mid-body.
 */
export function readBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limitBytes) { tooLarge = true; chunks.length = 0; resolve(null); return; }
      chunks.push(chunk);
    });
    req.once('end', () => { if (!tooLarge) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)); });
    req.once('error', reject);
  });
}

/** Writes `data` as a JSON response with the given status and extra headers. */
export function sendJson(res: ServerResponse, status: number, data: unknown, headers: OutgoingHttpHeaders = {}): void {
  const body = JSON.stringify(data);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** Writes an HTML response with the given status and extra headers. */
export function sendHtml(res: ServerResponse, status: number, html: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    ...headers,
  });
  res.end(html);
}

/** Writes `{ error: message }` with the given status. */
export function sendError(res: ServerResponse, status: number, message: string, headers: OutgoingHttpHeaders = {}): void {
  sendJson(res, status, { error: message }, headers);
}

/** Parses the Cookie header into name → value (first occurrence wins). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name in cookies) continue;
    cookies[name] = safeDecode(part.slice(eq + 1).trim());
  }
  return cookies;
}

/** decodeURIComponent that returns the input unchanged when it is malformed. */
export function safeDecode(value: string): string {
  try { return decodeURIComponent(value); } catch { return value; }
}

/**
 * Reads the body as an object of fields: JSON objects when the content type is
 * JSON (or absent and the body looks like JSON), form-urlencoded otherwise.
 * Returns null when the body is not a valid object in either form.
 */
export function parseFields(contentType: string | undefined, body: Buffer): Record<string, unknown> | null {
  const text = body.toString('utf8');
  const type = (contentType ?? '').toLowerCase();
  const looksJson = type.includes('json') || (!type && /^\s*[{[]/.test(text));
  if (looksJson) {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : null;
    } catch {
      return null;
    }
  }
  if (type && !type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('text/plain')) return null;
  return Object.fromEntries(new URLSearchParams(text));
}

/** The string value of `fields[name]`, or undefined when absent or not a non-empty string. */
export function stringField(fields: Record<string, unknown> | null, name: string): string | undefined {
  const value = fields?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Parses an integer query or path value within [min, max]; `fallback` when
 * the value is absent or empty, null when it is not such an integer.
 */
export function intInRange(value: string | null | undefined, fallback: number, min: number, max: number): number | null {
  if (value === null || value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}
