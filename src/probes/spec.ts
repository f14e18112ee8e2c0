/**
 * Reading probes into ProbeSpecs: `options.probes` (or a `--probe @file`'s
 * JSON, same shape), the `--probe 'name=URL rest…'` flag, and the merge of
 * the two (a flag's probe replaces the option's of the same name). Problems
 * are pushed as `probes.<name>.<field>: …` or `--probe "…": …` lines; a URL's
 * password never appears in one (redactSecrets).
 */
import { closestName, didYouMean, parseDurationMs, redactSecrets } from '../lib/index.ts';
import { childPath, isPlainObject, isSet, readStringMap, show } from '../config/values.ts';
import { parseDrainCondition } from './drain-condition.ts';
import type { DrainSpec, ProbeSourceSpec, ProbeSpec, ProbeTls } from './types.ts';

/** How often a probe reads when `every` (or --probe-every) is not given. */
export const PROBE_DEFAULT_EVERY = '5s';
/** Reading more often than this would load the very services being watched. */
export const PROBE_MIN_EVERY_MS = 100;
/** The default read timeout is `every`, but never more than this. */
export const PROBE_MAX_DEFAULT_TIMEOUT_MS = 10_000;
/** How long a drain waits for its condition when `drain.timeout` is not given. */
export const DRAIN_DEFAULT_TIMEOUT = '5m';
/** BullMQ's own key prefix, used when `prefix` is not given. */
export const BULLMQ_DEFAULT_PREFIX = 'bull';

type SourceKind = ProbeSourceSpec['kind'];

const SOURCES: readonly SourceKind[] = ['redis', 'postgres', 'prometheus', 'http'];
const COMMON_FIELDS = ['every', 'timeout', 'drain'];
const SOURCE_FIELDS: Record<SourceKind, readonly string[]> = {
  redis: ['command', 'info', 'bullmq', 'prefix'],
  postgres: ['query'],
  prometheus: ['query', 'headers', 'tls'],
  http: ['json', 'metric', 'headers', 'tls'],
};
const SCHEMES: Record<SourceKind, readonly string[]> = {
  redis: ['redis:', 'rediss:'],
  postgres: ['postgres:', 'postgresql:'],
  prometheus: ['http:', 'https:'],
  http: ['http:', 'https:'],
};
const URL_EXAMPLES: Record<SourceKind, string> = {
  redis: 'redis://host:6379 or rediss://…',
  postgres: 'postgres://user:password@host:5432/db',
  prometheus: 'http://host:9090 or https://…',
  http: 'http://… or https://…',
};
/** The variable a script usually reads each source's URL from, named when the URL looks unset. */
const ENV_HINTS: Record<SourceKind, string> = {
  redis: 'is REDIS_URL set?',
  postgres: 'is DATABASE_URL set?',
  prometheus: 'is PROMETHEUS_URL set?',
  http: 'is an environment variable unset?',
};
/** Fields only one source takes: a probe with one of them but no source most likely lost its URL to an unset variable. */
const IMPLIES_SOURCE: Record<string, SourceKind> = { command: 'redis', info: 'redis', bullmq: 'redis', prefix: 'redis', json: 'http', metric: 'http' };
const DRAIN_FIELDS = ['until', 'timeout', 'after'];
const TLS_FIELDS = ['ca', 'insecureSkipVerify'];
const PROBE_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const PROM_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const INFO_FIELD = /^[\w-]+(?:\.[\w-]+)?$/;
/** `${__ENV.X}` of an unset variable leaves the word "undefined" in the text. */
const UNSET_ENV = /\bundefined\b/;
const DURATION_HINT = '(e.g. 1s, 500ms)';

/** Where a problem is: `probes.queue.every` for options; the flag itself for --probe, which has no fields. */
type Where = (field?: string) => string;

/** A duration field > 0 in ms; a bare number counts as ms, as in k6 options. */
function readDuration(value: unknown, where: string, problems: string[]): number | undefined {
  const ms = parseDurationMs(value, { negative: false, bare: 'ms' });
  if (ms === undefined) { problems.push(`${where}: ${show(value)} is not a duration ${DURATION_HINT}`); return undefined; }
  if (ms <= 0) { problems.push(`${where}: must be more than 0, got ${show(value)}`); return undefined; }
  return ms;
}

/** The source's URL, checked for an unset variable and the right scheme; never echoed with its password. */
function readUrl(kind: SourceKind, value: unknown, where: string, problems: string[]): string | undefined {
  const hint = ENV_HINTS[kind];
  if (!isSet(value)) { problems.push(`${where}: no URL (${hint})`); return undefined; }
  if (typeof value !== 'string') { problems.push(`${where}: must be a URL string like ${URL_EXAMPLES[kind]}, got ${show(value)}`); return undefined; }
  const text = value.trim();
  const shown = show(redactSecrets(text));
  if (text === '') { problems.push(`${where}: ${show(value)} is empty (${hint})`); return undefined; }
  if (text === 'undefined' || text === 'null') { problems.push(`${where}: ${shown} is not a URL (${hint})`); return undefined; }
  let url: URL;
  try { url = new URL(text); } catch {
    problems.push(`${where}: ${shown} is not a URL; use ${URL_EXAMPLES[kind]}${UNSET_ENV.test(text) ? ` (${hint})` : ''}`);
    return undefined;
  }
  if (!SCHEMES[kind].includes(url.protocol)) { problems.push(`${where}: ${shown} is not a ${kind} URL; use ${URL_EXAMPLES[kind]}`); return undefined; }
  if (UNSET_ENV.test(text)) { problems.push(`${where}: ${shown} has "undefined" in it (${hint})`); return undefined; }
  return text;
}

/** A non-empty string field. */
function readText(value: unknown, where: string, expected: string, problems: string[]): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  problems.push(`${where}: ${expected}${isSet(value) ? `, got ${show(value)}` : ''}`);
  return undefined;
}

/** Unknown keys of `raw` → `path.key: unknown field…` problems. */
function checkFields(raw: Record<string, unknown>, known: readonly string[], where: Where, takes: string, problems: string[]): void {
  for (const key of Object.keys(raw)) {
    if (known.includes(key)) continue;
    const suggestion = didYouMean(key, known);
    problems.push(`${where(key)}: unknown field${suggestion || `; ${takes} takes ${listOf(known)}`}`);
  }
}

/** `a, b and c` */
function listOf(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Request headers; their values are often tokens, so they are never shown. */
function readHeaders(value: unknown, where: Where, problems: string[]): Record<string, string> | undefined {
  const headers = readStringMap(value, where('headers'), problems);
  if (!headers) return undefined;
  let ok = true;
  for (const [name, text] of Object.entries(headers)) {
    // `Bearer ${__ENV.TOKEN}` with TOKEN unset
    if (/(?:^|\s)undefined$/.test(text)) { problems.push(`${where(childPath('headers', name))}: ends in "undefined" (is an environment variable unset?)`); ok = false; }
  }
  return ok ? { ...headers } : undefined;
}

function readTls(value: unknown, where: Where, problems: string[]): ProbeTls | undefined {
  if (!isPlainObject(value)) { problems.push(`${where('tls')}: must be { ca, insecureSkipVerify }, got ${show(value)}`); return undefined; }
  checkFields(value, TLS_FIELDS, (f) => where(f === undefined ? 'tls' : `tls.${f}`), 'tls', problems);
  const tls: ProbeTls = {};
  if (isSet(value.ca)) {
    if (typeof value.ca === 'string' && value.ca.includes('-----BEGIN')) tls.ca = value.ca;
    else problems.push(`${where('tls.ca')}: must be PEM text (-----BEGIN CERTIFICATE-----…); read a file with open() in the init context`);
  }
  if (isSet(value.insecureSkipVerify)) {
    if (typeof value.insecureSkipVerify === 'boolean') tls.insecureSkipVerify = value.insecureSkipVerify;
    else problems.push(`${where('tls.insecureSkipVerify')}: must be true or false, got ${show(value.insecureSkipVerify)}`);
  }
  return tls;
}

/** A redis probe's command: a list of strings, or one string split on spaces. */
function readCommand(value: unknown, where: string, problems: string[]): string[] | undefined {
  const words = typeof value === 'string' ? value.trim().split(/\s+/).filter((w) => w !== '') : value;
  if (Array.isArray(words) && words.length > 0 && words.every((w) => typeof w === 'string' && w !== '')) return [...words];
  problems.push(`${where}: a list of strings like ['LLEN', 'jobs']`);
  return undefined;
}

function readRedis(url: string, raw: Record<string, unknown>, where: Where, problems: string[]): ProbeSourceSpec | undefined {
  const modes = ['command', 'info', 'bullmq'].filter((f) => isSet(raw[f]));
  if (modes.length !== 1) {
    problems.push(modes.length === 0
      ? `${where()}: redis needs one of command, info or bullmq (e.g. command: ['LLEN', 'jobs'])`
      : `${where()}: redis takes one of command, info or bullmq, got ${listOf(modes)}`);
    return undefined;
  }
  if (isSet(raw.prefix) && modes[0] !== 'bullmq') { problems.push(`${where('prefix')}: only goes with bullmq`); return undefined; }
  if (modes[0] === 'command') {
    const command = readCommand(raw.command, where('command'), problems);
    return command && { kind: 'redis', url, command };
  }
  if (modes[0] === 'info') {
    const info = raw.info;
    if (typeof info === 'string' && INFO_FIELD.test(info.trim())) return { kind: 'redis', url, info: info.trim() };
    problems.push(`${where('info')}: a field of INFO like 'memory.used_memory' or 'used_memory', got ${show(info)}`);
    return undefined;
  }
  if (typeof raw.bullmq !== 'string' || raw.bullmq.trim() === '') { problems.push(`${where()}: redis with bullmq needs a queue name, e.g. bullmq: 'emails'`); return undefined; }
  let prefix = BULLMQ_DEFAULT_PREFIX;
  if (isSet(raw.prefix)) {
    const given = readText(raw.prefix, where('prefix'), `the queues' key prefix, e.g. '${BULLMQ_DEFAULT_PREFIX}'`, problems);
    if (given === undefined) return undefined;
    prefix = given;
  }
  return { kind: 'redis', url, bullmq: raw.bullmq.trim(), prefix };
}

function readPostgres(url: string, raw: Record<string, unknown>, where: Where, problems: string[]): ProbeSourceSpec | undefined {
  const query = readText(raw.query, where('query'), "required: the SQL whose result is the value, e.g. 'select count(*) from jobs'", problems);
  return query === undefined ? undefined : { kind: 'postgres', url, query };
}

function readHttpLike(kind: 'prometheus' | 'http', url: string, raw: Record<string, unknown>, where: Where, problems: string[]): ProbeSourceSpec | undefined {
  const before = problems.length;
  const headers = isSet(raw.headers) ? readHeaders(raw.headers, where, problems) : undefined;
  const tls = isSet(raw.tls) ? readTls(raw.tls, where, problems) : undefined;
  const extras = { ...(headers && { headers }), ...(tls && { tls }) };
  if (kind === 'prometheus') {
    const query = readText(raw.query, where('query'), "required: the PromQL to evaluate, e.g. 'sum(up)'", problems);
    return problems.length === before && query !== undefined ? { kind, url, query, ...extras } : undefined;
  }
  if (isSet(raw.json) && isSet(raw.metric)) { problems.push(`${where()}: http takes json or metric, not both`); return undefined; }
  const json = isSet(raw.json) ? readText(raw.json, where('json'), "a path into the JSON body, e.g. 'queue.depth'", problems) : undefined;
  let metric: string | undefined;
  if (isSet(raw.metric)) {
    if (typeof raw.metric === 'string' && PROM_METRIC_NAME.test(raw.metric.trim())) metric = raw.metric.trim();
    else problems.push(`${where('metric')}: a Prometheus metric name like 'queue_depth', got ${show(raw.metric)}`);
  }
  if (problems.length !== before) return undefined;
  return { kind, url, ...(json !== undefined && { json }), ...(metric !== undefined && { metric }), ...extras };
}

function readDrain(value: unknown, where: Where, problems: string[]): DrainSpec | undefined {
  if (!isPlainObject(value)) { problems.push(`${where('drain')}: must be { until: 'value == 0', timeout: '${DRAIN_DEFAULT_TIMEOUT}' }, got ${show(value)}`); return undefined; }
  const before = problems.length;
  checkFields(value, DRAIN_FIELDS, (f) => where(f === undefined ? 'drain' : `drain.${f}`), 'drain', problems);
  let until: string | undefined;
  if (typeof value.until !== 'string') problems.push(`${where('drain.until')}: required, a condition like 'value == 0'${isSet(value.until) ? `, got ${show(value.until)}` : ''}`);
  else {
    const parsed = parseDrainCondition(value.until);
    // parseDrainCondition's error starts with `drain.until:`; put the probe's path in front
    if (typeof parsed === 'string') problems.push(`${where('drain.until')}${parsed.slice('drain.until'.length)}`);
    else until = value.until.trim();
  }
  const timeoutMs = readDuration(value.timeout ?? DRAIN_DEFAULT_TIMEOUT, where('drain.timeout'), problems);
  if (isSet(value.after) && (typeof value.after !== 'string' || value.after === '')) problems.push(`${where('drain.after')}: the name of a fault in options.chaos, got ${show(value.after)}`);
  const after = typeof value.after === 'string' && value.after !== '' ? value.after : undefined;
  return problems.length === before && until !== undefined && timeoutMs !== undefined ? { until, timeoutMs, ...(after ? { after } : {}) } : undefined;
}

/** Which source a probe names, or a problem when it names none or several. */
function sourceOf(raw: Record<string, unknown>, where: Where, problems: string[]): SourceKind | undefined {
  const given = SOURCES.filter((s) => s in raw);
  if (given.length === 1) return given[0];
  if (given.length > 1) { problems.push(`${where()}: give one source, got ${listOf(given)}`); return undefined; }
  // A misspelt source, or a URL that vanished because its variable was unset and the options went through JSON.
  const misspelt = Object.keys(raw).map((k) => ({ k, source: closestName(k, SOURCES) })).find((x) => x.source !== undefined);
  const implied = [...new Set(Object.keys(raw).filter((k) => Object.hasOwn(IMPLIES_SOURCE, k)).map((k) => IMPLIES_SOURCE[k]))];
  let hint = '';
  if (misspelt) hint = ` (${show(misspelt.k)}: did you mean ${show(misspelt.source)}?)`;
  else if (implied.length === 1) hint = ` (no ${implied[0]} URL: ${ENV_HINTS[implied[0]]})`;
  problems.push(`${where()}: give one source: redis, postgres, prometheus or http${hint}`);
  return undefined;
}

/** One probe from its raw object; undefined (with problems) when anything in it is wrong. */
function readProbe(name: string, raw: Record<string, unknown>, where: Where, problems: string[]): ProbeSpec | undefined {
  const before = problems.length;
  const kind = sourceOf(raw, where, problems);
  if (kind === undefined) return undefined;
  const known = [kind, ...SOURCE_FIELDS[kind], ...COMMON_FIELDS];
  checkFields(raw, known, where, `${kind === 'http' ? 'an' : 'a'} ${kind} probe`, problems);
  const url = readUrl(kind, raw[kind], where(kind), problems);
  const everyMs = readDuration(raw.every ?? PROBE_DEFAULT_EVERY, where('every'), problems);
  if (everyMs !== undefined && everyMs < PROBE_MIN_EVERY_MS) problems.push(`${where('every')}: ${show(raw.every)} is too often; the minimum is ${PROBE_MIN_EVERY_MS}ms`);
  const timeoutMs = isSet(raw.timeout) ? readDuration(raw.timeout, where('timeout'), problems) : undefined;
  const drain = isSet(raw.drain) ? readDrain(raw.drain, where, problems) : undefined;
  if (url === undefined) return undefined;
  const source = kind === 'redis' ? readRedis(url, raw, where, problems)
    : kind === 'postgres' ? readPostgres(url, raw, where, problems)
      : readHttpLike(kind, url, raw, where, problems);
  if (problems.length !== before || source === undefined || everyMs === undefined) return undefined;
  return {
    name,
    source,
    everyMs,
    timeoutMs: timeoutMs ?? Math.min(everyMs, PROBE_MAX_DEFAULT_TIMEOUT_MS),
    ...(drain && { drain }),
  };
}

const NAME_HINT = 'use letters, digits and _, not starting with a digit (the metric is probe_<name>)';

/**
 * Reads `options.probes` (`{ name: { redis: URL, command: [...], every: '1s' }, … }`);
 * [] when it is not set. Only probes without problems come back.
 */
export function probeSpecsFrom(option: unknown, problems: string[]): ProbeSpec[] {
  if (!isSet(option)) return [];
  if (!isPlainObject(option)) {
    problems.push(`probes: must be an object of probes by name, e.g. { queue: { redis: 'redis://…', command: ['LLEN', 'jobs'] } }, got ${show(option)}`);
    return [];
  }
  const specs: ProbeSpec[] = [];
  for (const [name, raw] of Object.entries(option)) {
    const base = childPath('probes', name);
    if (!PROBE_NAME.test(name)) { problems.push(`${base}: ${show(name)} cannot name a probe; ${NAME_HINT}`); continue; }
    if (!isPlainObject(raw)) { problems.push(`${base}: must be an object like { redis: 'redis://…', command: ['LLEN', 'jobs'] }, got ${show(raw)}`); continue; }
    const spec = readProbe(name, raw, (field) => (field === undefined ? base : `${base}.${field}`), problems);
    if (spec) specs.push(spec);
  }
  return specs;
}

/** `--probe-every`'s value in ms, or undefined (with a problem) when it is not a duration of at least the minimum. */
export function probeEveryFromFlag(text: string, problems: string[]): number | undefined {
  const ms = parseDurationMs(text, { negative: false, bare: 'ms' });
  if (ms === undefined || ms <= 0) { problems.push(`--probe-every: ${show(text)} is not a duration ${DURATION_HINT}`); return undefined; }
  if (ms < PROBE_MIN_EVERY_MS) { problems.push(`--probe-every: ${show(text)} is too often; the minimum is ${PROBE_MIN_EVERY_MS}ms`); return undefined; }
  return ms;
}

/** The object form of a flag's `URL rest…`, or a problem line's tail. */
function flagFields(url: string, rest: string): Record<string, unknown> | string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase();
  const words = rest === '' ? [] : rest.split(/\s+/);
  switch (scheme) {
    case 'redis': case 'rediss': {
      const verb = words[0]?.toUpperCase();
      if (verb === undefined) return 'give a command after the URL: LLEN jobs, INFO memory.used_memory or BULLMQ queue-name';
      if (verb === 'INFO') return words.length === 2 ? { redis: url, info: words[1] } : 'write INFO section.field, e.g. INFO memory.used_memory';
      if (verb === 'BULLMQ') {
        const prefix = /^prefix=(.+)$/.exec(words[2] ?? '');
        if (words.length === 2 || (words.length === 3 && prefix)) return { redis: url, bullmq: words[1], ...(prefix && { prefix: prefix[1] }) };
        return 'write BULLMQ queue-name [prefix=bull]';
      }
      return { redis: url, command: words };
    }
    case 'postgres': case 'postgresql':
      return rest === '' ? 'give the SQL after the URL, e.g. postgres://… select count(*) from jobs' : { postgres: url, query: rest };
    case 'prometheus+http': case 'prometheus+https':
      return rest === '' ? 'give the PromQL after the URL, e.g. prometheus+http://host:9090 sum(up)' : { prometheus: url.slice('prometheus+'.length), query: rest };
    case 'http': case 'https': {
      if (words.length === 0) return { http: url };
      const pick = /^(json|metric)=(.+)$/.exec(words[0]);
      return pick && words.length === 1 ? { http: url, [pick[1]]: pick[2] } : 'after an http(s) URL write nothing, json=path.to.number or metric=metric_name';
    }
    default:
      return 'the URL must start with redis://, rediss://, postgres://, prometheus+http(s):// or http(s)://';
  }
}

/**
 * One `--probe 'name=URL rest…'` flag. The URL's scheme picks the source:
 *   redis(s)://… LLEN jobs | INFO section.field | BULLMQ queue [prefix=bull]
 *   postgres(ql)://… <SQL>
 *   prometheus+http(s)://host:9090 <PromQL>
 *   http(s)://… [json=path | metric=name]
 * `everyMs` is --probe-every's (see probeEveryFromFlag); undefined means the default.
 */
export function probeSpecFromFlag(text: string, everyMs: number | undefined, problems: string[]): ProbeSpec | undefined {
  const label = `--probe ${show(redactSecrets(text))}`;
  const where: Where = () => label;
  const match = /^\s*([^=\s]*)\s*=\s*(\S+)\s*([\s\S]*?)\s*$/.exec(text);
  if (!match || match[1] === '') { problems.push(`${label}: write name=URL …, e.g. --probe 'queue=redis://127.0.0.1:6379 LLEN jobs'`); return undefined; }
  const [, name, url, rest] = match;
  if (!PROBE_NAME.test(name)) { problems.push(`${label}: ${show(name)} cannot name a probe; ${NAME_HINT}`); return undefined; }
  const fields = flagFields(url, rest);
  if (typeof fields === 'string') { problems.push(`${label}: ${fields}`); return undefined; }
  // every as text so a problem reads "50ms is too often"
  return readProbe(name, { ...fields, ...(everyMs !== undefined && { every: `${everyMs}ms` }) }, where, problems);
}

/** The option's probes with each flag's probe replacing the one of its name (the CLI wins); new names come after, in flag order. */
export function mergeProbeSpecs(fromOptions: ProbeSpec[], fromFlags: ProbeSpec[]): ProbeSpec[] {
  const byName = new Map<string, ProbeSpec>();
  for (const spec of [...fromOptions, ...fromFlags]) byName.set(spec.name, spec);
  return [...byName.values()];
}
