/**
 * `k6/experimental/fs`: open(path) in init code → File with read / seek /
 * stat. The bytes of a file are read once per worker and shared, read-only,
 * by every VU (k6's point of the module: one copy, not one per VU); each
 * File keeps its own position.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { VuRuntime } from '../../../vu-runtime.ts';

export const SeekMode = Object.freeze({ Start: 0, Current: 1, End: 2 });

/** file path → its bytes, shared by the VUs of this worker */
const contents = new Map<string, Uint8Array>();

function bytesOf(abs: string): Uint8Array {
  let data = contents.get(abs);
  if (!data) {
    const buf = readFileSync(abs);
    data = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    contents.set(abs, data);
  }
  return data;
}

/** the shared bytes behind each File, for k6/experimental/csv (never handed to the script, which could write into them) */
const fileBytes = new WeakMap<object, Uint8Array>();

/** The whole content of a File from open(), or undefined for anything else. */
export function bytesOfFile(file: unknown): Uint8Array | undefined {
  return typeof file === 'object' && file !== null ? fileBytes.get(file) : undefined;
}

export class File {
  readonly path: string;
  readonly #data: Uint8Array;
  #offset = 0;

  constructor(abs: string, data: Uint8Array) {
    this.path = abs;
    this.#data = data;
    fileBytes.set(this, data);
  }

  /** Fills `buffer` from the current position; resolves to the bytes read, or null at the end. */
  async read(buffer: Uint8Array): Promise<number | null> {
    if (!(buffer instanceof Uint8Array)) throw new TypeError('read() needs a Uint8Array');
    if (this.#offset >= this.#data.length) return null;
    const n = Math.min(buffer.byteLength, this.#data.length - this.#offset);
    buffer.set(this.#data.subarray(this.#offset, this.#offset + n));
    this.#offset += n;
    return n;
  }

  /** Moves the position (SeekMode.Start / Current / End); resolves to the new offset. */
  async seek(offset: number, whence: number = SeekMode.Start): Promise<number> {
    const base = whence === SeekMode.Start ? 0 : whence === SeekMode.Current ? this.#offset : whence === SeekMode.End ? this.#data.length : NaN;
    if (Number.isNaN(base)) throw new TypeError(`seek(): whence must be SeekMode.Start, Current or End, got ${whence}`);
    const next = base + Number(offset);
    if (!Number.isInteger(next) || next < 0) throw new RangeError(`seek(): offset ${next} is before the start of ${this.path}`);
    this.#offset = next;
    return next;
  }

  /** { name, size } as k6 reports them. */
  async stat(): Promise<{ name: string; size: number }> {
    return { name: path.basename(this.path), size: this.#data.length };
  }
}

export function createFsModule(vu: VuRuntime): Record<string, unknown> {
  const open = async (p: string): Promise<File> => {
    if (!vu.state.inInit) throw new Error('open() of k6/experimental/fs can only be called from the init context');
    const abs = path.resolve(vu.scriptDir, String(p));
    let isDir = false;
    try { isDir = statSync(abs).isDirectory(); } catch (err) {
      throw new Error(`open(${JSON.stringify(p)}): cannot read ${abs}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
    }
    if (isDir) throw new Error(`open(${JSON.stringify(p)}): ${abs} is a directory`);
    return new File(abs, bytesOf(abs));
  };
  const api = { open, SeekMode, File };
  return { ...api, default: api };
}
