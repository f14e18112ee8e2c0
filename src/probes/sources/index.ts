/**
 * Opens the source a probe samples. Each client library is loaded only
 * when a probe of its kind is declared (pg, redis, undici's agent).
 */
import type { ProbeSource, ProbeSpec } from '../types.ts';

export async function openProbeSource(spec: ProbeSpec): Promise<ProbeSource> {
  const s = spec.source;
  const timeoutMs = spec.timeoutMs;
  switch (s.kind) {
    case 'redis': return (await import('./redis.ts')).openRedisProbe(s, { connectTimeoutMs: timeoutMs });
    case 'postgres': return (await import('./postgres.ts')).openPostgresProbe(s, { connectTimeoutMs: timeoutMs });
    case 'prometheus': return (await import('./prometheus.ts')).openPrometheusProbe(s, { timeoutMs });
    case 'http': return (await import('./http.ts')).openHttpProbe(s, { timeoutMs });
  }
}
