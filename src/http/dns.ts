/**
 * How a VU resolves hostnames, after k6's `dns` option: `ttlMs` caches
 * answers (0 never, Infinity for the whole run), `select` picks among
 * several addresses (first, random, roundRobin) and `policy` picks the
 * family (preferIPv4, preferIPv6, onlyIPv4, onlyIPv6, any). The option is
 * read and checked before the run by config/dns.ts; the defaults are here.
 */
import { lookup as getaddrinfo, type LookupAddress } from 'node:dns';
import { fromHostsFile } from './hosts-file.ts';

export interface DnsSettings {
  ttlMs: number;
  select: 'first' | 'random' | 'roundRobin';
  policy: 'preferIPv4' | 'preferIPv6' | 'onlyIPv4' | 'onlyIPv6' | 'any';
}

/** k6's defaults: ttl=5m, select=random, policy=preferIPv4 */
export const DEFAULT_DNS: Readonly<DnsSettings> = { ttlMs: 5 * 60_000, select: 'random', policy: 'preferIPv4' };

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

/** The hosts file first (hosts-file.ts), then getaddrinfo: the order Go's resolver, and so k6, uses. */
export const systemLookup = ((hostname: string, options: { all: true }, cb: (err: NodeJS.ErrnoException | null, all: LookupAddress[]) => void): void => {
  const listed = fromHostsFile(hostname);
  if (listed) return void queueMicrotask(() => cb(null, [...listed]));
  getaddrinfo(hostname, options, cb);
}) as typeof getaddrinfo;

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
