/**
 * `k6/experimental/csv`: `csv.parse(file, options)` builds a SharedArray of
 * the file's records in init code (one copy for every VU of every worker);
 * `new csv.Parser(file, options).next()` streams records one by one, each
 * parser with its own position over the file's shared bytes. Files come
 * from k6/experimental/fs's open(). Options as in k6: delimiter (','),
 * asObjects (objects keyed by the header line, which is then skipped),
 * skipFirstLine, fromLine and toLine (0-based line numbers, both included).
 */
import { bytesOfFile } from '../fs/index.ts';
import { readRecord } from './records.ts';

interface CsvOptions {
  delimiter: string;
  asObjects: boolean;
  skipFirstLine: boolean;
  fromLine: number;
  toLine: number;
}

type SharedArrayClass = new (name: string, build: () => unknown[]) => readonly unknown[];

function optionsOf(raw: unknown, fn: string): CsvOptions {
  const o = (raw ?? {}) as Record<string, unknown>;
  if (typeof o !== 'object') throw new TypeError(`${fn}: options must be an object`);
  const delimiter = o.delimiter === undefined ? ',' : String(o.delimiter);
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new TypeError(`${fn}: delimiter must be one character other than a quote or a line break, got ${JSON.stringify(o.delimiter)}`);
  }
  const line = (name: 'fromLine' | 'toLine', fallback: number): number => {
    const v = o[name];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new TypeError(`${fn}: ${name} must be a line number (0 or more), got ${JSON.stringify(v)}`);
    return v;
  };
  const options = { delimiter, asObjects: o.asObjects === true, skipFirstLine: o.skipFirstLine === true, fromLine: line('fromLine', 0), toLine: line('toLine', Infinity) };
  if (options.toLine < options.fromLine) throw new TypeError(`${fn}: toLine (${options.toLine}) is before fromLine (${options.fromLine})`);
  return options;
}

/** file text per bytes, decoded once per worker */
const texts = new WeakMap<Uint8Array, string>();

function textOf(file: unknown, fn: string): { text: string; path: string } {
  const bytes = bytesOfFile(file);
  if (bytes === undefined) throw new TypeError(`${fn}: the first argument must be a file from open() of k6/experimental/fs`);
  let text = texts.get(bytes);
  if (text === undefined) {
    text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
    texts.set(bytes, text);
  }
  return { text, path: (file as { path: string }).path };
}

/** Reads records in order and hands out the ones `options` selects, as arrays or objects. */
class RecordCursor {
  readonly #text: string;
  readonly #o: CsvOptions;
  #offset = 0;
  #line = 0;
  #header: string[] | undefined;

  constructor(text: string, options: CsvOptions) {
    this.#text = text;
    this.#o = options;
    if (options.asObjects || options.skipFirstLine) {
      const first = readRecord(text, 0, options.delimiter);
      if (options.asObjects) this.#header = first?.fields;
      this.#offset = first?.next ?? 0;
      this.#line = 1;
    }
  }

  next(): unknown[] | Record<string, string> | undefined {
    for (;;) {
      if (this.#line > this.#o.toLine) return undefined;
      const r = readRecord(this.#text, this.#offset, this.#o.delimiter);
      if (r === undefined) return undefined;
      this.#offset = r.next;
      const line = this.#line++;
      if (line < this.#o.fromLine) continue;
      if (this.#header === undefined) return r.fields;
      const header = this.#header;
      return Object.fromEntries(header.map((name, i) => [name, r.fields[i] ?? '']));
    }
  }
}

export function createCsvModule(sharedArray: SharedArrayClass): Record<string, unknown> {
  /** Every selected record in a SharedArray, built once per test. */
  const parse = async (file: unknown, rawOptions?: unknown): Promise<readonly unknown[]> => {
    const options = optionsOf(rawOptions, 'csv.parse()');
    const { text, path } = textOf(file, 'csv.parse()');
    return new sharedArray(`k6/experimental/csv ${path} ${JSON.stringify(options)}`, () => {
      const cursor = new RecordCursor(text, options);
      const rows: unknown[] = [];
      for (let r = cursor.next(); r !== undefined; r = cursor.next()) rows.push(r);
      return rows;
    });
  };

  class Parser {
    readonly #cursor: RecordCursor;

    constructor(file: unknown, rawOptions?: unknown) {
      const options = optionsOf(rawOptions, 'new csv.Parser()');
      this.#cursor = new RecordCursor(textOf(file, 'new csv.Parser()').text, options);
    }

    /** `{ done: false, value: record }`, then `{ done: true, value: undefined }` at the end. */
    async next(): Promise<{ done: boolean; value: unknown }> {
      const value = this.#cursor.next();
      return value === undefined ? { done: true, value: undefined } : { done: false, value };
    }
  }

  const api = { parse, Parser };
  return { ...api, default: api };
}
