/**
 * The few pieces of the protobuf wire format the reflection client needs:
 * writing string/bytes fields, and reading a message's top-level fields
 * (varints and length-delimited values; fixed-width ones are skipped).
 * Anything richer goes through proto-loader.
 */

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** One top-level field as read from the wire. */
export type WireField =
  | { field: number; kind: 'varint'; value: bigint }
  | { field: number; kind: 'bytes'; value: Buffer }
  | { field: number; kind: 'fixed' };

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}

/** Builds a message field by field. */
export class WireWriter {
  readonly #parts: Buffer[] = [];

  /** A length-delimited field: a UTF-8 string, raw bytes or an encoded sub-message. */
  bytes(field: number, value: string | Uint8Array): this {
    const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
    this.#parts.push(varint(field * 8 + LENGTH_DELIMITED), varint(data.length), data);
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

class WireReader {
  readonly #buf: Buffer;
  #pos = 0;

  constructor(buf: Buffer) {
    this.#buf = buf;
  }

  get done(): boolean {
    return this.#pos >= this.#buf.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.#pos >= this.#buf.length) throw new Error('truncated protobuf message (varint)');
      const b = this.#buf[this.#pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    throw new Error('malformed protobuf message (varint longer than 10 bytes)');
  }

  take(n: number): Buffer {
    if (n < 0 || this.#pos + n > this.#buf.length) throw new Error('truncated protobuf message (length-delimited field)');
    const out = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }
}

/** The top-level fields of an encoded message, in wire order. Throws on malformed input. */
export function readFields(buf: Buffer): WireField[] {
  const r = new WireReader(buf);
  const out: WireField[] = [];
  while (!r.done) {
    const key = r.varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0) throw new Error('malformed protobuf message (field number 0)');
    switch (wireType) {
      case VARINT: out.push({ field, kind: 'varint', value: r.varint() }); break;
      case LENGTH_DELIMITED: out.push({ field, kind: 'bytes', value: r.take(Number(r.varint())) }); break;
      case FIXED64: r.take(8); out.push({ field, kind: 'fixed' }); break;
      case FIXED32: r.take(4); out.push({ field, kind: 'fixed' }); break;
      default: throw new Error(`unsupported protobuf wire type ${wireType} (field ${field})`);
    }
  }
  return out;
}

/** The length-delimited values of `field` (repeated or not), in order. */
export function bytesFields(fields: WireField[], field: number): Buffer[] {
  const out: Buffer[] = [];
  for (const f of fields) if (f.field === field && f.kind === 'bytes') out.push(f.value);
  return out;
}

/** The last value of a string field ('' when absent, as proto3 reads it). */
export function stringField(fields: WireField[], field: number): string {
  const all = bytesFields(fields, field);
  return all.length === 0 ? '' : all[all.length - 1].toString('utf8');
}

/** The last value of an int32 field (0 when absent); negative numbers arrive as 64-bit varints. */
export function int32Field(fields: WireField[], field: number): number {
  let v = 0n;
  for (const f of fields) if (f.field === field && f.kind === 'varint') v = f.value;
  return Number(BigInt.asIntN(32, v));
}
