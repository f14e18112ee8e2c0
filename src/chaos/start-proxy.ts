/**
 * A fault proxy with everything it can do: Toxiproxy's toxics on its byte
 * streams, and, when it speaks HTTP, the HTTP fault layer. The one place
 * proxy.ts and http-faults.ts meet.
 */
import { startProxy } from './proxy.ts';
import { createHttpFaultLayer } from './http-faults.ts';
import type { FaultProxy, ProxySpec } from './types.ts';

export function startFaultProxy(spec: ProxySpec): Promise<FaultProxy> {
  return startProxy(spec, { httpLayer: (upstream) => createHttpFaultLayer(upstream) });
}
