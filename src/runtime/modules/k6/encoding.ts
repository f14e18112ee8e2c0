/** `k6/encoding`: base64 in k6's four encodings (std, rawstd, url, rawurl). */
type B64Encoding = 'std' | 'rawstd' | 'url' | 'rawurl';

function toBuffer(input: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  if (input instanceof ArrayBuffer) return Buffer.from(input);
  return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

/** Encodes to base64; `url` variants use - and _, `raw` variants drop padding. */
export function b64encode(input: string | ArrayBuffer | ArrayBufferView, encoding: B64Encoding = 'std'): string {
  const buf = toBuffer(input);
  const url = encoding === 'url' || encoding === 'rawurl';
  let s = buf.toString(url ? 'base64url' : 'base64');
  if (encoding === 'url') s += '='.repeat((4 - (s.length % 4)) % 4);
  if (encoding === 'rawstd') s = s.replace(/=+$/, '');
  return s;
}

/** Decodes base64; returns an ArrayBuffer, or a string when `format` is 's'. */
export function b64decode(input: string, encoding: B64Encoding = 'std', format?: 's'): ArrayBuffer | string {
  const url = encoding === 'url' || encoding === 'rawurl';
  const buf = Buffer.from(input, url ? 'base64url' : 'base64');
  if (format === 's') return buf.toString('utf8');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

export const encodingModule = (): Record<string, unknown> => {
  const api = { b64encode, b64decode };
  return { ...api, default: api };
};
