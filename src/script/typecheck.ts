/**
 * Type-checks a k6 script (and the local files it imports) with the
 * TypeScript compiler against the k6 type definitions Stampede ships
 * (`@types/k6`, a runtime dependency, plus the small additions below for the
 * modules and globals Stampede supports that @types/k6 lacks). Used by
 * `stampede check` and `stampede run --typecheck`, before any VU starts.
 *
 * `typescript` is loaded on first use, so runs without --typecheck never load it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { ScriptError } from '../errors/index.ts';

export interface TypeDiagnostic {
  /** path relative to the cwd when inside it */
  file?: string;
  line?: number;
  column?: number;
  /** TypeScript's error number (TS2345 → 2345) */
  code: number;
  message: string;
}

const require = createRequire(import.meta.url);

/** The folder of the installed `@types/k6` package. */
export function k6TypesDir(): string {
  return path.dirname(require.resolve('@types/k6/package.json'));
}

/**
 * Stampede's additions to @types/k6: modules Stampede provides that the
 * package does not type (older experimental names map to the stable ones),
 * remote jslib imports, and the globals k6 has without an import.
 */
export const STAMPEDE_K6_ADDITIONS = `// Stampede's additions to @types/k6
declare module 'k6/experimental/grpc' { export * from 'k6/net/grpc'; export { default } from 'k6/net/grpc'; }
declare module 'k6/experimental/timers' { export * from 'k6/timers'; }
declare module 'k6/experimental/websockets' { export * from 'k6/websockets'; }
declare module 'k6/experimental/browser' { export * from 'k6/browser'; }
declare module 'k6/experimental/redis';
declare module 'k6/experimental/tracing';
declare module 'k6/experimental/webcrypto';
declare module 'https://*';
declare module 'http://*';
declare module 'stampede/chaos' {
  /** A fault as in options.chaos: { type: 'down' }, a Toxiproxy toxic ({ type: 'latency', latency: '200ms' }, …) or { type: 'http', errorRate, errorCode, … }. */
  export type Fault = { type: string; [field: string]: unknown };
  /** Opens \`fault\` on one of options.proxies now; resolves when its window is over (without a duration: at once). */
  export function inject(proxy: string, fault: Fault, opts?: { duration?: string | number; name?: string }): Promise<void>;
  /** Closes the script's open faults on \`proxy\`. */
  export function clear(proxy: string): Promise<void>;
  const chaos: { inject: typeof inject; clear: typeof clear };
  export default chaos;
}
interface Console {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
}
declare var console: Console;
declare function setTimeout(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
declare function clearTimeout(id?: number): void;
declare function setInterval(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
declare function clearInterval(id?: number): void;
`;

const ADDITIONS_FILE = 'stampede-k6-additions.d.ts';

/** The compiler options used for a check (also what `stampede new --ts` writes, less the paths). */
export function checkCompilerOptions(typesDir = k6TypesDir()): Record<string, unknown> {
  return {
    target: 'es2022',
    lib: ['es2022'],
    module: 'esnext',
    moduleResolution: 'bundler',
    strict: true,
    noEmit: true,
    allowJs: true,
    checkJs: false,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    types: [],
    // @types/k6 resolves from Stampede's install wherever the script lives
    paths: { k6: [path.join(typesDir, 'index.d.ts')], 'k6/*': [path.join(typesDir, '*')] },
  };
}

/** A tsconfig.json for a new TypeScript script (stampede new --ts): editors find the k6 types through it. */
export function starterTsconfig(scriptFile: string): string {
  const typesDir = k6TypesDir();
  const opts = checkCompilerOptions(typesDir);
  const config = {
    compilerOptions: {
      ...opts,
      typeRoots: [path.dirname(typesDir)],
      types: ['k6'],
    },
    files: [scriptFile],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Type-checks the script at `entryPath` (relative to `cwd`): every error of
 * the script and its local imports, in file order. Throws ScriptError for a
 * missing file.
 */
export async function typecheckScript(entryPath: string, opts: { cwd?: string; checkJs?: boolean } = {}): Promise<TypeDiagnostic[]> {
  const cwd = opts.cwd ?? process.cwd();
  const file = path.resolve(cwd, entryPath);
  if (!existsSync(file)) throw new ScriptError('E_SCRIPT_NOT_FOUND', `script not found: ${entryPath}`);
  const ts = (await import('typescript')).default;
  const typesDir = k6TypesDir();
  const converted = ts.convertCompilerOptionsFromJson({ ...checkCompilerOptions(typesDir), checkJs: opts.checkJs ?? /\.[cm]?js$/.test(file) }, cwd);
  const options = converted.options;
  const additions = path.join(typesDir, ADDITIONS_FILE);
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) => name === additions
    ? ts.createSourceFile(name, STAMPEDE_K6_ADDITIONS, lang)
    : getSourceFile(name, lang, onError, create);
  host.fileExists = (name) => name === additions || fileExists(name);
  host.readFile = (name) => name === additions ? STAMPEDE_K6_ADDITIONS : readFile(name);
  const program = ts.createProgram({ rootNames: [file, path.join(typesDir, 'index.d.ts'), additions], options, host });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return { code: d.code, message };
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const rel = path.relative(cwd, d.file.fileName);
    return { file: rel.startsWith('..') ? d.file.fileName : rel, line: line + 1, column: character + 1, code: d.code, message };
  });
}

/** `file:line:col - error TS2345: message`, one per diagnostic. */
export function formatTypeDiagnostic(d: TypeDiagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column}` : ''}: ` : '';
  return `${where}error TS${d.code}: ${d.message}`;
}
