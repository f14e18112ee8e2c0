/**
 * Names answered from the system's hosts file before asking getaddrinfo,
 * as Go's resolver (and so k6) does. The first getaddrinfo call in a
 * process starts libuv's thread pool and loads the NSS modules: 7–17 ms
 * measured for `localhost`, all inside a VU's first measured request
 * (bench/README.md, first iteration). The file is read once per worker, on
 * the first lookup (a few hundred bytes, tens of µs).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { LookupAddress } from 'node:dns';

export type HostsTable = ReadonlyMap<string, readonly LookupAddress[]>;

/** `address name alias…` lines; `#` starts a comment; names are case-insensitive. */
export function parseHostsFile(text: string): HostsTable {
  const table = new Map<string, LookupAddress[]>();
  for (const raw of text.split('\n')) {
    const fields = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (fields.length < 2) continue;
    const [address, ...names] = fields;
    const family = isIP(address.replace(/%.*$/, ''));
    if (family === 0) continue;
    for (const name of names) {
      const key = name.toLowerCase();
      const list = table.get(key) ?? [];
      if (!list.some((a) => a.address === address)) list.push({ address, family });
      table.set(key, list);
    }
  }
  return table;
}

/** RFC 6761: `localhost` and its subdomains are loopback even when the file does not say so. */
const LOOPBACK: readonly LookupAddress[] = [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }];

/** The addresses `table` gives `hostname` (a trailing dot and case ignored), or undefined. */
export function answerFromHosts(table: HostsTable, hostname: string): readonly LookupAddress[] | undefined {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  const listed = table.get(name);
  if (listed) return listed;
  if (name === 'localhost' || name.endsWith('.localhost')) return LOOPBACK;
  return undefined;
}

let systemTable: HostsTable | undefined;

/** answerFromHosts over /etc/hosts, read on first use; an unreadable file lists nothing. */
export function fromHostsFile(hostname: string): readonly LookupAddress[] | undefined {
  if (systemTable === undefined) {
    try {
      systemTable = parseHostsFile(readFileSync('/etc/hosts', 'utf8'));
    } catch {
      systemTable = new Map();
    }
  }
  return answerFromHosts(systemTable, hostname);
}
