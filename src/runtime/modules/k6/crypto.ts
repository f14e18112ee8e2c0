/**
 * `k6/crypto`: hashes, HMAC and random bytes over node:crypto, with k6's
 * names and output encodings ('hex', 'base64', 'base64url', 'base64rawurl',
 * 'binary' = ArrayBuffer).
 */
import { createHash as nodeHash, createHmac as nodeHmac, randomBytes as nodeRandomBytes } from 'node:crypto';
import { Md4, HmacMd4 } from './md4.ts';

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

interface Digester { update(b: Buffer): unknown; digest(): Buffer }

// Node's OpenSSL 3 has no MD4 outside its legacy provider: ours (md4.ts) stands in.
const hashOf = (alg: string): Digester => (alg === 'md4' ? new Md4() : nodeHash(alg));
const hmacOf = (alg: string, key: Buffer): Digester => (alg === 'md4' ? new HmacMd4(key) : nodeHmac(alg, key));

/**
 * An incremental hasher like k6's Hasher: update() then digest(encoding).
 * As in k6 (Go's hash.Sum), digest() does not end it: calling it again gives
 * the same digest, and update() after digest() goes on from the data so far.
 * node:crypto hashes are copied before digesting; HMAC and MD4 (no copy) are
 * recomputed from the data kept since creation.
 */
class Hasher {
  readonly #make: () => Digester;
  #h: Digester;
  /** node:crypto Hash: copy() then digest */
  readonly #copyable: boolean;
  /** the data so far, for digesters without copy() */
  readonly #chunks: Buffer[] = [];
  #digested = false;
  constructor(make: () => Digester) {
    this.#make = make;
    this.#h = make();
    this.#copyable = typeof (this.#h as { copy?: unknown }).copy === 'function';
  }
  update(d: Data): void {
    const b = bytes(d);
    if (this.#copyable) { this.#h.update(b); return; }
    const chunk = Buffer.from(b); // the script may reuse its buffer
    this.#chunks.push(chunk);
    if (this.#digested) {
      this.#h = this.#make();
      for (const c of this.#chunks) this.#h.update(c);
      this.#digested = false;
    } else this.#h.update(chunk);
  }
  digest(enc: OutputEncoding): string | ArrayBuffer {
    if (this.#copyable) return encode((this.#h as unknown as { copy(): Digester }).copy().digest(), enc);
    if (this.#digested) {
      this.#h = this.#make();
      for (const c of this.#chunks) this.#h.update(c);
    }
    this.#digested = true;
    return encode(this.#h.digest(), enc);
  }
}

export const createHash = (alg: string) => { const a = algorithm(alg); return new Hasher(() => hashOf(a)); };
export const createHMAC = (alg: string, secret: Data) => {
  const a = algorithm(alg);
  const key = Buffer.from(bytes(secret));
  return new Hasher(() => hmacOf(a, key));
};
export const hmac = (alg: string, secret: Data, data: Data, enc: OutputEncoding) => {
  const h = hmacOf(algorithm(alg), bytes(secret));
  h.update(bytes(data));
  return encode(h.digest(), enc);
};
const digestWith = (alg: string) => (data: Data, enc: OutputEncoding) => {
  const h = hashOf(alg);
  h.update(bytes(data));
  return encode(h.digest(), enc);
};

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
