/**
 * How outputs read their environment, as k6 does: `K6_<KEY>` with a
 * `STAMPEDE_<KEY>` twin that wins, and Go's boolean spellings (k6's
 * envconfig parses with strconv.ParseBool).
 */
export type OutputEnv = Readonly<Record<string, string | undefined>>;

/** A variable that was set: its full name (for messages) and its value. */
export interface EnvSetting {
  name: string;
  value: string;
}

/**
 * STAMPEDE_<key>, else K6_<key>. An empty value counts as unset unless
 * `keepEmpty` (where an empty list means "none", e.g. a tag blocklist).
 */
export function envSetting(env: OutputEnv, key: string, opts: { keepEmpty?: boolean } = {}): EnvSetting | undefined {
  for (const name of [`STAMPEDE_${key}`, `K6_${key}`]) {
    const value = env[name];
    if (value !== undefined && (opts.keepEmpty || value !== '')) return { name, value };
  }
  return undefined;
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool: undefined for anything it would reject. */
export function parseGoBool(text: string): boolean | undefined {
  if (GO_TRUE.has(text)) return true;
  if (GO_FALSE.has(text)) return false;
  return undefined;
}
