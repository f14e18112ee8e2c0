/**
 * k6's `--secret-source` flag, read before the run: `file=PATH` or
 * `file=name=NAME,filename=PATH[,default]` (a key=value file), and
 * `mock=KEY=VALUE,…` or `mock=name=NAME[,default],KEY=VALUE,…` (values on
 * the command line, for tests). An unnamed source is named after its kind;
 * the one marked `default`, or the only one, answers `secrets.get()`.
 * `url=` (k6's HTTP secret source) is refused with a hint. No I/O here: the
 * CLI reads the files (secretsFromFile turns their text into values).
 */

export type SecretSourceSpec =
  | { kind: 'file'; name: string; isDefault: boolean; filename: string }
  | { kind: 'mock'; name: string; isDefault: boolean; values: Record<string, string> };

/** The sources a run reads k6/secrets from, values included: handed to each worker at init. */
export interface SecretSources {
  sources: Record<string, Record<string, string>>;
  /** the source `secrets.get()` reads; undefined when several exist and none is marked default */
  defaultSource?: string;
}

/** One `--secret-source` value; problems are pushed naming the flag. */
export function parseSecretSource(text: string, problems: string[]): SecretSourceSpec | undefined {
  const eq = text.indexOf('=');
  const kind = eq < 0 ? text : text.slice(0, eq);
  const rest = eq < 0 ? '' : text.slice(eq + 1);
  const flag = `--secret-source ${kind}`;
  if (kind === 'url' || kind === 'cloud') {
    problems.push(`${flag}: the ${kind} secret source is not supported; use file=PATH (KEY=VALUE lines) or mock=KEY=VALUE`);
    return undefined;
  }
  if (kind !== 'file' && kind !== 'mock') {
    problems.push(`--secret-source "${kind}": unknown kind; use file=PATH or mock=KEY=VALUE`);
    return undefined;
  }
  let name: string = kind;
  let isDefault = false;
  let filename: string | undefined;
  const values: Record<string, string> = {};
  // a bare `file=PATH` is the whole path, commas and all
  const pieces = kind === 'file' && !/^(name|filename)=|(^|,)default(,|$)/.test(rest) ? [`filename=${rest}`] : rest.split(',');
  for (const piece of pieces) {
    if (piece === 'default') { isDefault = true; continue; }
    const at = piece.indexOf('=');
    if (at <= 0) { problems.push(`${flag}: "${piece}" is not KEY=VALUE`); continue; }
    const key = piece.slice(0, at);
    const value = piece.slice(at + 1).replace(/^"(.*)"$/, '$1');
    if (key === 'name') name = value;
    else if (kind === 'file' && key === 'filename') filename = value;
    else if (kind === 'file') problems.push(`${flag}: unknown field "${key}"; use filename=PATH, name=NAME and default`);
    else values[key] = value;
  }
  if (kind === 'file') {
    if (!filename) { problems.push(`${flag}: give the file: file=PATH or file=name=NAME,filename=PATH`); return undefined; }
    return { kind, name, isDefault, filename };
  }
  return { kind, name, isDefault, values };
}

/** A secrets file: KEY=VALUE per line; blank lines and `#` comments are skipped. */
export function secretsFromFile(text: string, filename: string, problems: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const at = line.indexOf('=');
    if (at <= 0) problems.push(`--secret-source file ${filename}:${i + 1}: not KEY=VALUE`);
    else values[line.slice(0, at).trim()] = line.slice(at + 1);
  });
  return values;
}

/** The sources by name, and which one is the default; two sources of one name or two defaults are problems. */
export function combineSecretSources(specs: readonly { name: string; isDefault: boolean; values: Record<string, string> }[], problems: string[]): SecretSources | undefined {
  if (specs.length === 0) return undefined;
  const sources: Record<string, Record<string, string>> = {};
  for (const s of specs) {
    if (Object.hasOwn(sources, s.name)) problems.push(`--secret-source: two sources are named "${s.name}"; give one name=OTHER`);
    sources[s.name] = s.values;
  }
  const defaults = specs.filter((s) => s.isDefault);
  if (defaults.length > 1) problems.push(`--secret-source: ${defaults.map((s) => s.name).join(' and ')} are both marked default`);
  const defaultSource = defaults[0]?.name ?? (specs.length === 1 ? specs[0].name : undefined);
  return { sources, defaultSource };
}
