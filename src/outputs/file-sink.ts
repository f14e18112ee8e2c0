/**
 * A file that file outputs (json, csv) append to: plain, or gzip when the
 * name ends in `.gz`. Opening fails with a ConfigError naming the flag (a
 * missing folder, no permission); a write error later is kept and shown in
 * the output's stats instead of stopping the test. Closing twice is closing once.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';
import { ConfigError } from '../errors/index.ts';

export interface OutputFile {
  write(text: string): void;
  close(): Promise<void>;
  /** set once a write failed; later writes are ignored */
  readonly failed: boolean;
  readonly error: string | undefined;
}

export async function openOutputFile(file: string, flag: string): Promise<OutputFile> {
  const target = path.resolve(file);
  const stream = createWriteStream(target);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(new ConfigError([`${flag}: cannot write ${file}: ${err.message}`], 'check that the folder exists and is writable')));
  });
  const gzip: Gzip | undefined = file.endsWith('.gz') ? createGzip() : undefined;
  if (gzip) gzip.pipe(stream);
  const head: Gzip | WriteStream = gzip ?? stream;
  let error: string | undefined;
  const fail = (err: Error) => { error ??= err.message; };
  stream.on('error', fail);
  gzip?.on('error', fail);
  let closing: Promise<void> | undefined;
  return {
    write(text) { if (error === undefined) head.write(text); },
    close() {
      closing ??= new Promise<void>((resolve) => {
        // a write error has closed the file already
        if (stream.closed) { resolve(); return; }
        stream.once('close', () => resolve());
        head.end();
      });
      return closing;
    },
    get failed() { return error !== undefined; },
    get error() { return error; },
  };
}
