/**
 * Content-Encoding both ways: decoding response bodies (gzip, deflate, br,
 * zstd, stacked in any order) and compressing request bodies for k6's
 * `params.compression`. Small bodies are decoded synchronously (cheaper than a
 * thread-pool hop); large ones on the zlib thread pool so a VU does not stall
 * the event loop shared with other VUs.
 */
import zlib from 'node:zlib';
import { promisify } from 'node:util';

const SYNC_LIMIT_BYTES = 256 * 1024;

type Codec = 'gzip' | 'deflate' | 'br' | 'zstd';

const hasZstd = typeof (zlib as { zstdDecompressSync?: unknown }).zstdDecompressSync === 'function';

function codecOf(token: string): Codec | undefined {
  switch (token.trim().toLowerCase()) {
    case 'gzip': case 'x-gzip': return 'gzip';
    case 'deflate': return 'deflate';
    case 'br': return 'br';
    case 'zstd': return hasZstd ? 'zstd' : undefined;
    default: return undefined;
  }
}

function inflateEither(buf: Buffer): Buffer {
  // RFC 9110 "deflate" is zlib-wrapped; some servers send raw deflate.
  try { return zlib.inflateSync(buf); } catch { return zlib.inflateRawSync(buf); }
}

function decodeSync(codec: Codec, buf: Buffer): Buffer {
  switch (codec) {
    case 'gzip': return zlib.gunzipSync(buf);
    case 'deflate': return inflateEither(buf);
    case 'br': return zlib.brotliDecompressSync(buf);
    case 'zstd': return (zlib as unknown as { zstdDecompressSync(b: Buffer): Buffer }).zstdDecompressSync(buf);
  }
}

const gunzipAsync = promisify(zlib.gunzip);
const inflateAsync = promisify(zlib.inflate);
const inflateRawAsync = promisify(zlib.inflateRaw);
const brotliAsync = promisify(zlib.brotliDecompress);

async function decodeAsync(codec: Codec, buf: Buffer): Promise<Buffer> {
  switch (codec) {
    case 'gzip': return gunzipAsync(buf);
    case 'deflate': return inflateAsync(buf).catch(() => inflateRawAsync(buf));
    case 'br': return brotliAsync(buf);
    case 'zstd': return decodeSync(codec, buf);
  }
}

/** The codecs of a Content-Encoding header in the order to undo them (last applied first). */
export function decodingSteps(contentEncoding: string | undefined): Codec[] {
  if (!contentEncoding) return [];
  const out: Codec[] = [];
  const tokens = contentEncoding.split(',');
  for (let i = tokens.length - 1; i >= 0; i--) {
    const c = codecOf(tokens[i]);
    if (c) out.push(c);
  }
  return out;
}

/**
 * Undoes the Content-Encoding of a response body. Unknown encodings (and
 * `identity`) are left as they are; a corrupt body rejects.
 */
export async function decodeBody(buf: Buffer, contentEncoding: string | undefined): Promise<Buffer> {
  const steps = decodingSteps(contentEncoding);
  let out = buf;
  for (const codec of steps) {
    if (out.length === 0) break;
    out = out.length <= SYNC_LIMIT_BYTES ? decodeSync(codec, out) : await decodeAsync(codec, out);
  }
  return out;
}

/**
 * Compresses a request body with k6's `compression` param: one of gzip,
 * deflate, br, zstd or a comma-separated list applied in order. Returns the
 * body and the Content-Encoding to send; throws on an unknown algorithm.
 */
export function compressBody(body: Uint8Array, compression: string): { body: Buffer; contentEncoding: string } {
  let out = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const applied: string[] = [];
  for (const raw of compression.split(',')) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    switch (name) {
      case 'gzip': out = zlib.gzipSync(out); break;
      case 'deflate': out = zlib.deflateSync(out); break;
      case 'br': out = zlib.brotliCompressSync(out); break;
      case 'zstd':
        if (!hasZstd) throw new Error('unknown compression algorithm zstd (not supported by this Node.js)');
        out = (zlib as unknown as { zstdCompressSync(b: Buffer): Buffer }).zstdCompressSync(out);
        break;
      default: throw new Error(`unknown compression algorithm ${name}, supported algorithms are gzip, deflate, br, zstd`);
    }
    applied.push(name);
  }
  return { body: out, contentEncoding: applied.join(', ') };
}
