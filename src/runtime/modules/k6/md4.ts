/**
 * MD4 (RFC 1320), which k6/crypto offers but Node's OpenSSL 3 no longer
 * ships outside its legacy provider. Written from the RFC; used only for
 * scripts that ask for md4, never for anything secret.
 */

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
const F = (x: number, y: number, z: number) => (x & y) | (~x & z);
const G = (x: number, y: number, z: number) => (x & y) | (x & z) | (y & z);
const H = (x: number, y: number, z: number) => x ^ y ^ z;

/** One 64-byte block into the state (a, b, c, d). */
function block(state: Int32Array, x: Int32Array): void {
  let [a, b, c, d] = state;
  const r1 = [3, 7, 11, 19];
  for (let i = 0; i < 16; i++) {
    const t = (a + F(b, c, d) + x[i]) | 0;
    [a, b, c, d] = [d, rotl(t, r1[i % 4]), b, c];
  }
  const r2 = [3, 5, 9, 13];
  const order2 = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
  for (let i = 0; i < 16; i++) {
    const t = (a + G(b, c, d) + x[order2[i]] + 0x5a827999) | 0;
    [a, b, c, d] = [d, rotl(t, r2[i % 4]), b, c];
  }
  const r3 = [3, 9, 11, 15];
  const order3 = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
  for (let i = 0; i < 16; i++) {
    const t = (a + H(b, c, d) + x[order3[i]] + 0x6ed9eba1) | 0;
    [a, b, c, d] = [d, rotl(t, r3[i % 4]), b, c];
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
}

/** An incremental MD4 with the update()/digest() shape of node:crypto's Hash. */
export class Md4 {
  readonly #state = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476);
  #pending = Buffer.alloc(0);
  #length = 0;

  update(data: Buffer): this {
    this.#length += data.length;
    let buf = Buffer.concat([this.#pending, data]);
    const words = new Int32Array(16);
    while (buf.length >= 64) {
      for (let i = 0; i < 16; i++) words[i] = buf.readInt32LE(i * 4);
      block(this.#state, words);
      buf = buf.subarray(64);
    }
    this.#pending = Buffer.from(buf);
    return this;
  }

  digest(): Buffer {
    const bits = this.#length * 8;
    const padLength = ((this.#pending.length < 56 ? 56 : 120) - this.#pending.length);
    const tail = Buffer.alloc(padLength + 8);
    tail[0] = 0x80;
    tail.writeUInt32LE(bits >>> 0, padLength);
    tail.writeUInt32LE(Math.floor(bits / 2 ** 32), padLength + 4);
    this.update(tail);
    const out = Buffer.alloc(16);
    for (let i = 0; i < 4; i++) out.writeInt32LE(this.#state[i], i * 4);
    return out;
  }
}

/** HMAC (RFC 2104) over MD4, block size 64. */
export class HmacMd4 {
  readonly #inner = new Md4();
  readonly #outerKey: Buffer;

  constructor(key: Buffer) {
    let k = key.length > 64 ? new Md4().update(key).digest() : key;
    k = Buffer.concat([k, Buffer.alloc(64 - k.length)]);
    this.#inner.update(Buffer.from(k.map((b) => b ^ 0x36)));
    this.#outerKey = Buffer.from(k.map((b) => b ^ 0x5c));
  }

  update(data: Buffer): this {
    this.#inner.update(data);
    return this;
  }

  digest(): Buffer {
    return new Md4().update(this.#outerKey).update(this.#inner.digest()).digest();
  }
}
