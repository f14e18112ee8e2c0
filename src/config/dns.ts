/**
 * k6's `dns` option, read once before the run: `ttl` caches answers ('0'
 * never, 'inf' for the whole run, a duration; a bare number is ms),
 * `select` picks among several addresses (first, random, roundRobin) and
 * `policy` picks the family (preferIPv4, preferIPv6, onlyIPv4, onlyIPv6,
 * any). Given as an object or as K6_DNS's `ttl=1m,select=first,policy=any`.
 * Only the fields the user set come back: the resolver's defaults (k6's
 * ttl=5m, select=random, policy=preferIPv4) are http/dns.ts's.
 */
import { parseDurationMs } from '../lib/index.ts';
import { isPlainObject, isSet, show } from './values.ts';

export const DNS_SELECTS = ['first', 'random', 'roundRobin'] as const;
export const DNS_POLICIES = ['preferIPv4', 'preferIPv6', 'onlyIPv4', 'onlyIPv6', 'any'] as const;

export interface DnsSettings {
  ttlMs?: number;
  select?: (typeof DNS_SELECTS)[number];
  policy?: (typeof DNS_POLICIES)[number];
}

const FIELDS = ['ttl', 'select', 'policy'];

/** `dns.ttl` in ms: 'inf' is Infinity, else a k6 duration or a number of ms, never negative. */
function ttlMs(v: unknown): number | undefined {
  if (v === 'inf') return Infinity;
  return parseDurationMs(v, { negative: false, bare: 'ms' });
}

/** The K6_DNS / --dns text form → fields; unknown fields are problems, as in k6. */
function fromText(text: string, problems: string[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const piece of text.split(',')) {
    if (piece.trim() === '') continue;
    const eq = piece.indexOf('=');
    const key = (eq < 0 ? piece : piece.slice(0, eq)).trim();
    if (eq < 0 || !FIELDS.includes(key)) { problems.push(`dns: unknown field ${show(piece.trim())}; use ttl=…, select=…, policy=… separated by commas`); continue; }
    raw[key] = piece.slice(eq + 1).trim();
  }
  return raw;
}

/**
 * Reads k6's `dns` option; undefined when it is not set. Problems are
 * pushed as `dns.select: …` lines; an object's unknown fields (which k6
 * ignores) become warnings.
 */
export function dnsSettingsFrom(option: unknown, problems: string[], warnings: string[] = []): DnsSettings | undefined {
  if (!isSet(option) || option === '') return undefined;
  let raw: Record<string, unknown>;
  if (typeof option === 'string') raw = fromText(option, problems);
  else if (isPlainObject(option)) {
    raw = option;
    for (const key of Object.keys(option)) if (!FIELDS.includes(key)) warnings.push(`dns.${key}: unknown field, ignored; dns takes ttl, select and policy`);
  } else {
    problems.push(`dns: must be { ttl, select, policy } or "ttl=5m,select=random,policy=preferIPv4", got ${show(option)}`);
    return undefined;
  }
  const settings: DnsSettings = {};
  if (isSet(raw.ttl) && raw.ttl !== '') {
    const t = ttlMs(raw.ttl);
    if (t === undefined) problems.push(`dns.ttl: ${show(raw.ttl)} is not a duration; use e.g. 5m, 0 or inf`);
    else settings.ttlMs = t;
  }
  if (isSet(raw.select) && raw.select !== '') {
    if ((DNS_SELECTS as readonly unknown[]).includes(raw.select)) settings.select = raw.select as DnsSettings['select'];
    else problems.push(`dns.select: unknown value ${show(raw.select)}; use ${DNS_SELECTS.join(', ')}`);
  }
  if (isSet(raw.policy) && raw.policy !== '') {
    if ((DNS_POLICIES as readonly unknown[]).includes(raw.policy)) settings.policy = raw.policy as DnsSettings['policy'];
    else problems.push(`dns.policy: unknown value ${show(raw.policy)}; use ${DNS_POLICIES.join(', ')}`);
  }
  return settings;
}
