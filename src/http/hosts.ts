/**
 * k6's `hosts` option: hostname overrides like /etc/hosts. Keys may carry a
 * port (`api.test:443`) and may start with `*.` to match any subdomain;
 * the most specific key wins (host:port, then the exact host, then the
 * longest wildcard). Values are an IP or IP:port.
 */
export function hostOverride(hosts: Readonly<Record<string, string>> | undefined, hostname: string, port: string | number): string | undefined {
  if (!hosts) return undefined;
  const host = hostname.toLowerCase();
  const exact = hosts[`${host}:${port}`] ?? hosts[host];
  if (exact !== undefined) return exact;
  let best: { length: number; value: string } | undefined;
  for (const [key, value] of Object.entries(hosts)) {
    if (!key.startsWith('*.')) continue;
    const [pattern, keyPort] = key.split(':');
    if (keyPort !== undefined && keyPort !== String(port)) continue;
    const suffix = pattern.slice(1).toLowerCase(); // ".example.com"
    if (host.endsWith(suffix) && host.length > suffix.length && (!best || suffix.length > best.length)) best = { length: suffix.length, value };
  }
  return best?.value;
}
