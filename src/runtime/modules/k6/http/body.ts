/**
 * Request bodies as k6 builds them: strings as they are, ArrayBuffers and
 * typed arrays as bytes, plain objects as `application/x-www-form-urlencoded`
 * (keys sorted, as Go's url.Values) or, when a value is an `http.file()`,
 * as `multipart/form-data` with byte-exact file parts.
 */
import { randomBytes } from 'node:crypto';

/** What `http.file()` returns (k6's FileData). */
export class FileData {
  readonly data: string | ArrayBuffer | number[] | ArrayBufferView;
  readonly filename: string;
  readonly content_type: string;

  constructor(data: FileData['data'], filename: string, contentType: string) {
    this.data = data;
    this.filename = filename;
    this.content_type = contentType;
  }
}

/** k6 `http.file(data, [filename], [contentType])`. */
export function file(data: unknown, filename?: unknown, contentType?: unknown): FileData {
  if (data === undefined || data === null) throw new Error('http.file() needs data: a string, an array of numbers or an ArrayBuffer');
  const ok = typeof data === 'string' || data instanceof ArrayBuffer || ArrayBuffer.isView(data) || Array.isArray(data);
  if (!ok) throw new Error('http.file() data must be a string, an array of numbers or an ArrayBuffer');
  const name = filename === undefined || filename === null || filename === '' ? String(Date.now()) : String(filename);
  const type = contentType === undefined || contentType === null || contentType === '' ? 'application/octet-stream' : String(contentType);
  return new FileData(data as FileData['data'], name, type);
}

/** A body ready for the engine, plus the Content-Type k6 would set for it (if any). */
export interface EncodedBody {
  body: string | Uint8Array | null;
  contentType: string | undefined;
}

const NO_BODY: EncodedBody = Object.freeze({ body: null, contentType: undefined });

/** Bytes of a FileData payload, or of any binary-ish value. */
export function toBytes(data: FileData['data']): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return Uint8Array.from(data);
}

/**
 * Encodes a script's body argument. `warn` receives k6's warning for nested
 * values in form bodies (they are sent empty). Throws for values that cannot
 * be a body (functions, symbols).
 */
export function encodeBody(body: unknown, warn: (msg: string) => void): EncodedBody {
  if (body === undefined || body === null) return NO_BODY;
  if (typeof body === 'string') return { body, contentType: undefined };
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return { body: toBytes(body), contentType: undefined };
  if (body instanceof FileData) return { body: toBytes(body.data), contentType: undefined };
  if (typeof body === 'number' || typeof body === 'boolean' || typeof body === 'bigint') return { body: String(body), contentType: undefined };
  if (typeof body !== 'object') throw new Error(`unsupported request body of type ${typeof body}`);
  const obj = body as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (obj[k] instanceof FileData) return multipart(obj);
  return { body: formEncode(obj, warn), contentType: 'application/x-www-form-urlencoded' };
}

/** Go's url.QueryEscape: everything but A–Z a–z 0–9 - _ . ~ is escaped, space becomes '+'. */
export function queryEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

function formValue(v: unknown, key: string, warn: (msg: string) => void): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    warn(`the form field "${key}" has a nested object or array, which cannot be form-encoded; it was sent empty (use JSON.stringify and a JSON Content-Type for nested data)`);
    return '';
  }
  return String(v);
}

/** `application/x-www-form-urlencoded` with keys sorted and arrays as repeated keys, as k6. */
export function formEncode(obj: Record<string, unknown>, warn: (msg: string) => void): string {
  const keys = Object.keys(obj).sort();
  const parts: string[] = [];
  for (const k of keys) {
    const v = obj[k];
    const ek = queryEscape(k);
    if (Array.isArray(v)) for (const item of v) parts.push(`${ek}=${queryEscape(formValue(item, k, warn))}`);
    else parts.push(`${ek}=${queryEscape(formValue(v, k, warn))}`);
  }
  return parts.join('&');
}

function quoteParam(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function multipart(obj: Record<string, unknown>): EncodedBody {
  const boundary = randomBytes(30).toString('hex');
  const chunks: Uint8Array[] = [];
  const add = (name: string, v: unknown): void => {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quoteParam(name)}"`;
    let data: Uint8Array;
    if (v instanceof FileData) {
      head += `; filename="${quoteParam(v.filename)}"\r\nContent-Type: ${v.content_type}`;
      data = toBytes(v.data);
    } else {
      data = Buffer.from(v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v), 'utf8');
    }
    chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), data, Buffer.from('\r\n', 'utf8'));
  };
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (Array.isArray(v)) for (const item of v) add(k, item);
    else add(k, v);
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
