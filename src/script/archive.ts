/**
 * Stampede's test archive (k6's `k6 archive` idea, Stampede's own format):
 * one POSIX ustar file that runs anywhere without the original files.
 *
 *   metadata.json      { format: "stampede-archive", version: 1, entry, options,
 *                        cliOptions, env, stampedeVersion, created }
 *                      entry: the script's path inside files/; options: the
 *                      resolved options when archived (as `stampede inspect`);
 *                      cliOptions / env: the flags and -e values given to
 *                      `archive`, applied again under the run's own flags
 *   files/<path>       the script, every local file it imports (found by an
 *                      esbuild pass) and every file it open()s with a literal
 *                      path, each at its path relative to their common folder,
 *                      so relative imports and open() paths still resolve
 *
 * `stampede run test.tar` extracts it into a temporary folder and runs
 * files/<entry>. open() with a computed path (open(__ENV.FILE)) is not
 * found; such files must be passed by hand.
 */
import path from 'node:path';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import * as esbuild from 'esbuild';
import { ScriptError } from '../errors/index.ts';

export const ARCHIVE_FORMAT = 'stampede-archive';
export const ARCHIVE_VERSION = 1;

export interface ArchiveMetadata {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  /** the entry script, relative to files/ (always with forward slashes) */
  entry: string;
  options: Record<string, unknown>;
  cliOptions: Record<string, unknown>;
  env: Record<string, string>;
  stampedeVersion: string;
  created: string;
}

export interface TarEntry { name: string; data: Buffer }

// ---------------------------------------------------------------- collecting

/**
 * The absolute paths of the script, the local files it imports and the
 * files it open()s with a literal path (relative to the entry's folder, as
 * Stampede's open() resolves them).
 */
export async function collectScriptFiles(entry: string): Promise<string[]> {
  const abs = path.resolve(entry);
  if (!existsSync(abs)) throw new ScriptError('E_SCRIPT_NOT_FOUND', `script not found: ${entry}`);
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [abs], bundle: true, write: false, metafile: true, outfile: path.join(path.dirname(abs), '.stampede-archive.js'),
      format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], logLevel: 'silent',
      plugins: [{
        name: 'stampede-archive',
        setup(build) {
          build.onResolve({ filter: /^(k6(\/|$)|https?:\/\/|node:)/ }, (args) => ({ path: args.path, external: true }));
        },
      }],
    });
  } catch (err) {
    const first = (err as { errors?: esbuild.Message[] }).errors?.[0];
    throw new ScriptError('E_SCRIPT_ARCHIVE', `cannot collect the script's files: ${first?.text ?? (err as Error).message}`, {
      location: first?.location ? { file: first.location.file, line: first.location.line, column: first.location.column + 1 } : undefined,
    });
  }
  const files = new Set<string>();
  const entryDir = path.dirname(abs);
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.includes(':') && !path.isAbsolute(input)) continue; // a plugin namespace, not a file
    const file = path.resolve(input);
    if (!existsSync(file)) continue;
    files.add(file);
    if (/\.[cm]?[jt]sx?$/.test(file)) {
      for (const opened of literalOpens(readFileSync(file, 'utf8'))) {
        const target = path.resolve(entryDir, opened);
        if (existsSync(target)) files.add(target);
      }
    }
  }
  files.add(abs);
  return [...files].sort();
}

/** The literal first arguments of open(…) calls in a source text. */
export function literalOpens(source: string): string[] {
  const out: string[] = [];
  const re = /(?<![\w$.])open\(\s*(['"`])((?:(?!\1)[^\\$\n])+)\1\s*[,)]/g;
  for (let m = re.exec(source); m; m = re.exec(source)) out.push(m[2]);
  return out;
}

/** The deepest folder holding every file. */
function commonFolder(files: string[]): string {
  let root = path.dirname(files[0]);
  for (const f of files) while (path.relative(root, f).startsWith('..')) root = path.dirname(root);
  return root;
}

// ---------------------------------------------------------------- writing

/** Builds the archive's tar bytes. */
export async function buildArchive(entry: string, meta: Omit<ArchiveMetadata, 'format' | 'version' | 'entry' | 'created'>): Promise<Buffer> {
  const files = await collectScriptFiles(entry);
  const root = commonFolder(files);
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const metadata: ArchiveMetadata = { format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, entry: rel(path.resolve(entry)), created: new Date().toISOString(), ...meta };
  const entries: TarEntry[] = [
    { name: 'metadata.json', data: Buffer.from(`${JSON.stringify(metadata, null, 2)}\n`) },
    ...files.map((f) => ({ name: `files/${rel(f)}`, data: readFileSync(f) })),
  ];
  return writeTar(entries);
}

// ---------------------------------------------------------------- reading

export function isArchivePath(p: string): boolean {
  return /\.tar$/i.test(p);
}

/** Extracts an archive into a new temporary folder; `cleanup()` removes it. */
export function extractArchive(tarPath: string): { dir: string; entryPath: string; metadata: ArchiveMetadata; cleanup(): void } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(tarPath);
  } catch (err) {
    throw new ScriptError('E_ARCHIVE_READ', `cannot read the archive ${tarPath}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return unpackArchive(bytes, tarPath);
}

/** An archive's bytes (a coordinator's, sent to its agents) into a temporary folder; `tarPath` names it in errors. */
export function unpackArchive(bytes: Buffer, tarPath: string): { dir: string; entryPath: string; metadata: ArchiveMetadata; cleanup(): void } {
  const entries = readTar(bytes, tarPath);
  const metaEntry = entries.find((e) => e.name === 'metadata.json');
  if (!metaEntry) throw new ScriptError('E_ARCHIVE_FORMAT', `${tarPath} is not a Stampede archive: it has no metadata.json`, { hint: 'create one with: stampede archive script.js -O test.tar' });
  const metadata = JSON.parse(metaEntry.data.toString('utf8')) as ArchiveMetadata;
  if (metadata.format !== ARCHIVE_FORMAT || metadata.version > ARCHIVE_VERSION) {
    throw new ScriptError('E_ARCHIVE_FORMAT', `${tarPath}: unsupported archive format ${JSON.stringify(metadata.format)} version ${metadata.version}`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stampede-archive-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    for (const e of entries) {
      if (!e.name.startsWith('files/')) continue;
      const target = path.resolve(dir, e.name.slice('files/'.length));
      if (path.relative(dir, target).startsWith('..') || path.isAbsolute(path.relative(dir, target))) {
        throw new ScriptError('E_ARCHIVE_FORMAT', `${tarPath}: entry ${e.name} points outside the archive`);
      }
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, e.data);
    }
  } catch (err) {
    cleanup();
    throw err;
  }
  return { dir, entryPath: path.join(dir, ...metadata.entry.split('/')), metadata, cleanup };
}

// ---------------------------------------------------------------- ustar

const BLOCK = 512;

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

function splitName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { prefix, name: rest };
  }
  throw new ScriptError('E_ARCHIVE_PATH', `path too long for the archive: ${name}`);
}

/** A minimal POSIX ustar writer: regular files only. */
export function writeTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const header = Buffer.alloc(BLOCK);
    const { prefix, name } = splitName(e.name);
    header.write(name, 0, 100);
    header.write(octal(0o644, 8), 100);
    header.write(octal(0, 8), 108);
    header.write(octal(0, 8), 116);
    header.write(octal(e.data.length, 12), 124);
    header.write(octal(Math.floor(Date.now() / 1000), 12), 136);
    header.write('        ', 148); // checksum placeholder
    header.write('0', 156); // regular file
    header.write('ustar\0', 257);
    header.write('00', 263);
    header.write(prefix, 345, 155);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(header, e.data, Buffer.alloc((BLOCK - (e.data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/** Reads the regular files of a ustar archive. */
export function readTar(bytes: Buffer, label = 'archive'): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  while (off + BLOCK <= bytes.length) {
    const header = bytes.subarray(off, off + BLOCK);
    if (header.every((b) => b === 0)) break;
    const str = (start: number, len: number) => header.subarray(start, start + len).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12).trim() || '0', 8);
    const type = str(156, 1);
    const prefix = str(257, 6) === 'ustar' ? str(345, 155) : '';
    const name = prefix ? `${prefix}/${str(0, 100)}` : str(0, 100);
    if (!Number.isFinite(size) || off + BLOCK + size > bytes.length) throw new ScriptError('E_ARCHIVE_FORMAT', `${label}: truncated or not a tar file`);
    if (type === '0' || type === '') out.push({ name, data: Buffer.from(bytes.subarray(off + BLOCK, off + BLOCK + size)) });
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}
