/**
 * k6's `dns` option: how a VU resolves hostnames. `ttl` caches answers
 * ('0' never, 'inf' forever, default 5m), `select` picks among several
 * addresses (first, random, roundRobin; default random) and `policy` picks
 * the family (preferIPv4 default, preferIPv6, onlyIPv4, onlyIPv6, any).
 */
import { lookup as systemLookup, type LookupAddress } from 'node:dns';

export interface DnsSettings {
  ttlMs: number;
  select: 'first' | 'random' | 'roundRobin';
  policy: 'preferIPv4' | 'preferIPv6' | 'onlyIPv4' | 'onlyIPv6' | 'any';
}

export const DEFAULT_DNS: DnsSettings = { ttlMs: 5 * 60_000, select: 'random', policy: 'preferIPv4' };

const SELECTS = ['first', 'random', 'roundRobin'] as const;
const POLICIES = ['preferIPv4', 'preferIPv6', 'onlyIPv4', 'onlyIPv6', 'any'] as const;

function ttlMs(v: unknown): number | undefined {
  if (v === 'inf') return Infinity;
  if (typeof v === 'number' && v >= 0) return v;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 'ms'] ?? 1;
  return Number(m[1]) * unit;
}

/** Reads k6's `dns` option (an object, or the `ttl=1m,select=first,policy=any` string of K6_DNS). */
export function dnsSettingsFrom(option: unknown): { settings: DnsSettings; problems: string[] } {
  const problems: string[] = [];
  let raw: Record<string, unknown> = {};
  if (typeof option === 'string') raw = Object.fromEntries(option.split(',').filter(Boolean).map((kv) => kv.split('=').map((s) => s.trim())));
  else if (option && typeof option === 'object') raw = option as Record<string, unknown>;
  else if (option !== undefined) problems.push('dns: must be { ttl, select, policy }');
  const settings = { ...DEFAULT_DNS };
  if (raw.ttl !== undefined) {
    const t = ttlMs(raw.ttl);
    if (t === undefined) problems.push(`dns.ttl: ${JSON.stringify(raw.ttl)} is not a duration; use e.g. 5m, 0 or inf`);
    else settings.ttlMs = t;
  }
  if (raw.select !== undefined) {
    if ((SELECTS as readonly unknown[]).includes(raw.select)) settings.select = raw.select as DnsSettings['select'];
    else problems.push(`dns.select: ${JSON.stringify(raw.select)}; use ${SELECTS.join(', ')}`);
  }
  if (raw.policy !== undefined) {
    if ((POLICIES as readonly unknown[]).includes(raw.policy)) settings.policy = raw.policy as DnsSettings['policy'];
    else problems.push(`dns.policy: ${JSON.stringify(raw.policy)}; use ${POLICIES.join(', ')}`);
  }
  return { settings, problems };
}

/** The addresses `policy` allows, in the order it prefers. */
export function applyPolicy(all: readonly LookupAddress[], policy: DnsSettings['policy']): LookupAddress[] {
  const v4 = all.filter((a) => a.family === 4);
  const v6 = all.filter((a) => a.family === 6);
  switch (policy) {
    case 'onlyIPv4': return v4;
    case 'onlyIPv6': return v6;
    case 'preferIPv4': return v4.length ? v4 : v6;
    case 'preferIPv6': return v6.length ? v6 : v4;
    case 'any': return [...all];
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net.connect that follows one VU's dns settings, with its own cache. */
export function createLookup(settings: DnsSettings, resolve: typeof systemLookup = systemLookup) {
  const cache = new Map<string, { until: number; addresses: LookupAddress[] }>();
  let turn = 0;
  const pick = (list: LookupAddress[]): LookupAddress => {
    if (settings.select === 'first') return list[0];
    if (settings.select === 'roundRobin') return list[turn++ % list.length];
    return list[Math.floor(Math.random() * list.length)];
  };
  return (hostname: string, options: { all?: boolean }, cb: LookupCallback): void => {
    const answer = (addresses: LookupAddress[]) => {
      if (addresses.length === 0) {
        const err = Object.assign(new Error(`lookup ${hostname}: no ${settings.policy === 'onlyIPv6' ? 'IPv6' : 'IPv4'} address (dns.policy ${settings.policy})`), { code: 'ENOTFOUND', hostname });
        return cb(err, '');
      }
      const chosen = pick(addresses);
      if (options?.all) cb(null, [chosen]);
      else cb(null, chosen.address, chosen.family);
    };
    const hit = cache.get(hostname);
    if (hit && hit.until > Date.now()) return answer(hit.addresses);
    resolve(hostname, { all: true }, (err, all) => {
      if (err) return cb(err, '');
      const addresses = applyPolicy(all, settings.policy);
      if (settings.ttlMs > 0) cache.set(hostname, { until: Date.now() + settings.ttlMs, addresses });
      answer(addresses);
    });
  };
}
