/**
 * Options from environment variables: k6's K6_* names (K6_VUS, K6_DURATION,
 * K6_STAGES, …) and the same names with a STAMPEDE_ prefix, which wins when
 * both are set. Values use k6's text formats: integers, Go booleans (1, t,
 * true, 0, f, false…), durations, comma lists, `key:value` (or `key=value`)
 * pairs for K6_TAGS. Empty variables count as unset.
 */
import type { Options } from './options.ts';
import { tryParseDuration } from './duration.ts';
import { parseStages } from './stage.ts';

type EnvKind = 'count' | 'bool' | 'duration' | 'string' | 'list' | 'stages' | 'pairs';

/** Env name without prefix → [option name, value format]. */
const ENV_OPTIONS: Record<string, [keyof Options & string, EnvKind]> = {
  VUS: ['vus', 'count'],
  DURATION: ['duration', 'duration'],
  ITERATIONS: ['iterations', 'count'],
  STAGES: ['stages', 'stages'],
  NO_SUMMARY: ['noSummary', 'bool'],
  SUMMARY_EXPORT: ['summaryExport', 'string'],
  SUMMARY_MODE: ['summaryMode', 'string'],
  SUMMARY_TREND_STATS: ['summaryTrendStats', 'list'],
  SUMMARY_TIME_UNIT: ['summaryTimeUnit', 'string'],
  DISCARD_RESPONSE_BODIES: ['discardResponseBodies', 'bool'],
  INSECURE_SKIP_TLS_VERIFY: ['insecureSkipTLSVerify', 'bool'],
  USER_AGENT: ['userAgent', 'string'],
  MAX_REDIRECTS: ['maxRedirects', 'count'],
  NO_CONNECTION_REUSE: ['noConnectionReuse', 'bool'],
  NO_VU_CONNECTION_REUSE: ['noVUConnectionReuse', 'bool'],
  NO_COOKIES_RESET: ['noCookiesReset', 'bool'],
  NO_THRESHOLDS: ['noThresholds', 'bool'],
  NO_SETUP: ['noSetup', 'bool'],
  NO_TEARDOWN: ['noTeardown', 'bool'],
  PAUSED: ['paused', 'bool'],
  THROW: ['throw', 'bool'],
  BATCH: ['batch', 'count'],
  BATCH_PER_HOST: ['batchPerHost', 'count'],
  RPS: ['rps', 'count'],
  SETUP_TIMEOUT: ['setupTimeout', 'duration'],
  TEARDOWN_TIMEOUT: ['teardownTimeout', 'duration'],
  MIN_ITERATION_DURATION: ['minIterationDuration', 'duration'],
  HTTP_DEBUG: ['httpDebug', 'string'],
  TAGS: ['tags', 'pairs'],
  SYSTEM_TAGS: ['systemTags', 'list'],
  BLOCK_HOSTNAMES: ['blockHostnames', 'list'],
  EXEMPLARS: ['exemplars', 'count'],
  EXEMPLAR_HEADERS: ['exemplarHeaders', 'list'],
  /** `ttl=1m,select=first,policy=any`, read by config/dns.ts */
  DNS: ['dns', 'string'],
};

/** The prefixes read, strongest first. */
export const ENV_PREFIXES = ['STAMPEDE_', 'K6_'] as const;

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

function parsePairs(text: string, name: string, problems: string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const piece of text.split(',')) {
    if (piece.trim() === '') continue;
    const cut = piece.search(/[:=]/);
    if (cut <= 0) { problems.push(`${name}: expected key:value pairs separated by commas, got ${JSON.stringify(piece)}`); return undefined; }
    out[piece.slice(0, cut).trim()] = piece.slice(cut + 1).trim();
  }
  return out;
}

/** Converts one variable's text; undefined (with a problem) when it is malformed. */
function convert(text: string, kind: EnvKind, name: string, problems: string[]): unknown {
  switch (kind) {
    case 'count':
      if (/^\d+$/.test(text.trim())) return Number(text.trim());
      problems.push(`${name}: must be a non-negative integer, got ${JSON.stringify(text)}`);
      return undefined;
    case 'bool':
      if (TRUE_WORDS.has(text.trim())) return true;
      if (FALSE_WORDS.has(text.trim())) return false;
      problems.push(`${name}: must be true or false, got ${JSON.stringify(text)}`);
      return undefined;
    case 'duration':
      return tryParseDuration(text.trim(), name, problems) === undefined ? undefined : text.trim();
    case 'string':
      return text;
    case 'list':
      return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
    case 'stages': {
      const parsed = parseStages(text, name);
      problems.push(...parsed.problems);
      return parsed.problems.length ? undefined : parsed.stages;
    }
    case 'pairs':
      return parsePairs(text, name, problems);
  }
}

/**
 * Reads the option-setting variables from `env` (pass `process.env`).
 * Returns only the options that were set; a malformed value is left out and
 * reported as `K6_VUS: must be …` (named after the variable actually read).
 * Never throws.
 */
export function optionsFromEnv(env: Record<string, string | undefined>): { options: Options; problems: string[] } {
  const options: Options = {};
  const problems: string[] = [];
  for (const [suffix, [option, kind]] of Object.entries(ENV_OPTIONS)) {
    const name = ENV_PREFIXES.map((prefix) => prefix + suffix).find((n) => env[n] !== undefined && env[n] !== '');
    if (name === undefined) continue;
    const value = convert(env[name] as string, kind, name, problems);
    if (value !== undefined) options[option] = value;
  }
  return { options, problems };
}
