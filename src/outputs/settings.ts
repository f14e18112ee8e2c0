/**
 * The one reader of output settings. Each output declares a small schema
 * (setting → variable keys, type, default) and `readSettings` resolves
 * every entry the way k6 does, strongest first:
 *
 * 1. the `--out name=arg` argument, for the one setting that takes it;
 * 2. a query parameter of that argument's URL (influxdb's `?pushInterval=`);
 * 3. for each of the setting's keys in order, `STAMPEDE_<KEY>` then `K6_<KEY>`;
 * 4. standard variables read under their exact names (OTEL_EXPORTER_OTLP_*);
 * 5. the default.
 *
 * Values are trimmed, and an empty one counts as unset unless the setting
 * keeps empty values (a list where empty means "none"). Booleans are Go's
 * (strconv.ParseBool), durations k6's (a bare number is milliseconds). A bad
 * value becomes one problem line naming where it came from (the variable,
 * `--out name` or `--out name ?param`); the output adds its own cross-checks
 * and throws them all as one ConfigError (exit 104).
 */
import { parseDurationMs } from '../lib/index.ts';

export type OutputEnv = Readonly<Record<string, string | undefined>>;

/** A variable that was set: its full name (for messages) and its value. */
export interface EnvSetting {
  name: string;
  value: string;
}

/**
 * Turns a setting's text into its value. A bad value pushes a problem
 * naming `source` (what is returned then is never used: the output throws
 * its problems); undefined reads as the default.
 */
export type Parser<T> = (text: string, source: string, problems: string[]) => T | undefined;

/** The built-in types, by name. */
interface BuiltIn {
  /** the text as written (trimmed) */
  string: string;
  /** Go's strconv.ParseBool spellings */
  bool: boolean;
  /** a positive k6 duration, in ms */
  duration: number;
  /** a positive whole number */
  count: number;
  /** comma-separated, each entry trimmed, empty entries skipped */
  list: string[];
}

export interface SettingSpec {
  /** keys read as STAMPEDE_<key> then K6_<key>, in order (`['DATADOG_ADDR', 'STATSD_ADDR']`) */
  env?: string | readonly string[];
  /** variables read under their exact names, after `env` (standard OTEL_* ones, Stampede-only ones) */
  exact?: readonly string[];
  /** the `--out` URL's query parameter that beats the variables */
  param?: string;
  /** true: the `--out name=arg` argument is this setting, and beats everything */
  arg?: boolean;
  type: keyof BuiltIn | Parser<unknown>;
  /** the value when nothing sets it (none: the setting reads as undefined) */
  default?: unknown;
  /** an empty value is a value (a list where empty means "none"), not unset */
  keepEmpty?: boolean;
}

export type Schema = Readonly<Record<string, SettingSpec>>;

type ValueOf<S extends SettingSpec> = S['type'] extends keyof BuiltIn ? BuiltIn[S['type']] : S['type'] extends Parser<infer T> ? T : never;

/** Each setting's value: its type, or `| undefined` when it has no default. */
export type Settings<S extends Schema> = { -readonly [K in keyof S]: S[K] extends { default: unknown } ? ValueOf<S[K]> : ValueOf<S[K]> | undefined };

export interface SettingsInput {
  env: OutputEnv;
  /** the output as `--out` names it, and what followed `name=` ('' when nothing did) */
  out?: { name: string; arg: string };
  /** the query parameters of the `--out` URL, and where that URL came from (for messages) */
  params?: { source: string; values: ReadonlyMap<string, string> };
}

export interface ReadSettings<S extends Schema> {
  values: Settings<S>;
  /** where each setting that was set came from (`K6_STATSD_ADDR`, `--out statsd`, `--out influxdb ?precision`); absent when defaulted */
  sources: Partial<Record<keyof S, string>>;
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool: undefined for anything it would reject. */
export function parseGoBool(text: string): boolean | undefined {
  if (GO_TRUE.has(text)) return true;
  if (GO_FALSE.has(text)) return false;
  return undefined;
}

/** The first of `names` that is set; trimmed; empty (after trimming) counts as unset unless `keepEmpty`. */
function firstSet(env: OutputEnv, names: readonly string[], keepEmpty: boolean): EnvSetting | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value !== undefined && (keepEmpty || value !== '')) return { name, value };
  }
  return undefined;
}

/** STAMPEDE_<key>, else K6_<key>. */
export function envSetting(env: OutputEnv, key: string, opts: { keepEmpty?: boolean } = {}): EnvSetting | undefined {
  return firstSet(env, [`STAMPEDE_${key}`, `K6_${key}`], opts.keepEmpty ?? false);
}

const BUILT_IN: { [K in keyof BuiltIn]: Parser<BuiltIn[K]> } = {
  string: (text) => text,
  bool: (text, source, problems) => {
    const b = parseGoBool(text);
    if (b === undefined) problems.push(`${source}: must be true or false, got ${JSON.stringify(text)}`);
    return b;
  },
  duration: (text, source, problems) => {
    const ms = parseDurationMs(text);
    if (ms !== undefined && ms > 0) return ms;
    problems.push(`${source}: ${JSON.stringify(text)} is not a positive duration (use 1s, 500ms or a number of milliseconds)`);
    return undefined;
  },
  count: (text, source, problems) => {
    if (/^\d+$/.test(text) && Number(text) > 0 && Number.isSafeInteger(Number(text))) return Number(text);
    problems.push(`${source}: must be a positive whole number, got ${JSON.stringify(text)}`);
    return undefined;
  },
  list: (text) => text.split(',').map((t) => t.trim()).filter((t) => t !== ''),
};

/** `a, b or c` */
function wordList(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/**
 * One of a fixed set of spellings (`values` maps each accepted spelling to
 * its value); `shown` lists the spellings a message offers (default: all).
 */
export function oneOf<T>(noun: string, values: Readonly<Record<string, T>>, opts: { shown?: readonly string[]; ignoreCase?: boolean } = {}): Parser<T> {
  return (text, source, problems) => {
    const key = opts.ignoreCase ? text.toLowerCase() : text;
    if (Object.hasOwn(values, key)) return values[key];
    problems.push(`${source}: unknown ${noun} ${JSON.stringify(text)} (use ${wordList(opts.shown ?? Object.keys(values))})`);
    return undefined;
  };
}

/** A whole number from `min` to `max`. */
export function intBetween(min: number, max: number): Parser<number> {
  return (text, source, problems) => {
    if (/^-?\d+$/.test(text) && Number(text) >= min && Number(text) <= max) return Number(text);
    problems.push(`${source}: must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
    return undefined;
  };
}

/** Where a setting's text comes from, by the precedence above. */
function find(spec: SettingSpec, input: SettingsInput): EnvSetting | undefined {
  const keepEmpty = spec.keepEmpty ?? false;
  if (spec.arg && input.out && input.out.arg.trim() !== '') return { name: `--out ${input.out.name}`, value: input.out.arg.trim() };
  if (spec.param !== undefined && input.params) {
    const value = input.params.values.get(spec.param)?.trim();
    if (value !== undefined && (keepEmpty || value !== '')) return { name: `${input.params.source} ?${spec.param}`, value };
  }
  const keys = typeof spec.env === 'string' ? [spec.env] : spec.env ?? [];
  return firstSet(input.env, [...keys.flatMap((k) => [`STAMPEDE_${k}`, `K6_${k}`]), ...spec.exact ?? []], keepEmpty);
}

/**
 * Reads every setting of `schema`, in its order; a bad value is pushed onto
 * `problems` (the caller throws them as one ConfigError) and reads as the
 * default.
 */
export function readSettings<const S extends Schema>(schema: S, input: SettingsInput, problems: string[]): ReadSettings<S> {
  const values: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const [key, spec] of Object.entries(schema)) {
    const found = find(spec, input);
    let value: unknown;
    if (found) {
      sources[key] = found.name;
      const parse = typeof spec.type === 'string' ? BUILT_IN[spec.type] as Parser<unknown> : spec.type;
      value = parse(found.value, found.name, problems);
    }
    values[key] = value === undefined ? spec.default : value;
  }
  return { values: values as Settings<S>, sources: sources as Partial<Record<keyof S, string>> };
}
