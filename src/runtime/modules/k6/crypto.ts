/**
 * `k6/crypto`: hashes, HMAC and random bytes over node:crypto, with k6's
 * names and output encodings ('hex', 'base64', 'base64url', 'base64rawurl',
 * 'binary' = ArrayBuffer).
 */
import { createHash as nodeHash, createHmac as nodeHmac, randomBytes as nodeRandomBytes } from 'node:crypto';

type Data = string | ArrayBuffer | ArrayBufferView;
type OutputEncoding = 'hex' | 'base64' | 'base64url' | 'base64rawurl' | 'binary';

const ALGORITHMS: Record<string, string> = {
  md4: 'md4', md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512',
  sha512_224: 'sha512-224', sha512_256: 'sha512-256', ripemd160: 'ripemd160',
};

function algorithm(name: string): string {
  const alg = ALGORITHMS[String(name).toLowerCase()];
  if (!alg) throw new Error(`unsupported hash algorithm ${JSON.stringify(name)}; use one of ${Object.keys(ALGORITHMS).join(', ')}`);
  return alg;
}

function bytes(d: Data): Buffer {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (d instanceof ArrayBuffer) return Buffer.from(d);
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

function encode(digest: Buffer, enc: OutputEncoding): string | ArrayBuffer {
  switch (enc) {
    case 'hex': return digest.toString('hex');
    case 'base64': return digest.toString('base64');
    case 'base64url': { const s = digest.toString('base64url'); return s + '='.repeat((4 - (s.length % 4)) % 4); }
    case 'base64rawurl': return digest.toString('base64url');
    case 'binary': return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength) as ArrayBuffer;
    default: throw new Error(`unsupported output encoding ${JSON.stringify(enc)}; use hex, base64, base64url, base64rawurl or binary`);
  }
}

/** An incremental hasher like k6's Hasher: update() then digest(encoding). */
class Hasher {
  readonly #h: ReturnType<typeof nodeHash>;
  constructor(h: ReturnType<typeof nodeHash>) { this.#h = h; }
  update(d: Data): void { this.#h.update(bytes(d)); }
  digest(enc: OutputEncoding): string | ArrayBuffer { return encode(this.#h.digest(), enc); }
}

export const createHash = (alg: string) => new Hasher(nodeHash(algorithm(alg)));
export const createHMAC = (alg: string, secret: Data) => new Hasher(nodeHmac(algorithm(alg), bytes(secret)) as unknown as ReturnType<typeof nodeHash>);
export const hmac = (alg: string, secret: Data, data: Data, enc: OutputEncoding) =>
  encode(nodeHmac(algorithm(alg), bytes(secret)).update(bytes(data)).digest(), enc);
const digestWith = (alg: string) => (data: Data, enc: OutputEncoding) => encode(nodeHash(alg).update(bytes(data)).digest(), enc);

export const cryptoModule = (): Record<string, unknown> => {
  const api = {
    createHash, createHMAC, hmac,
    md4: digestWith('md4'), md5: digestWith('md5'), sha1: digestWith('sha1'), sha256: digestWith('sha256'),
    sha384: digestWith('sha384'), sha512: digestWith('sha512'), sha512_224: digestWith('sha512-224'),
    sha512_256: digestWith('sha512-256'), ripemd160: digestWith('ripemd160'),
    randomBytes: (n: number) => { const b = nodeRandomBytes(n); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); },
  };
  return { ...api, default: api };
};
