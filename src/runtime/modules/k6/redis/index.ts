/**
 * `k6/experimental/redis`, one instance per VU: the promise-based `Client`
 * (k6's method set over node-redis). Connections open on the first command,
 * are reused for the VU's life, dropped when the VU is interrupted and
 * closed when it is torn down.
 */
import type { VuRuntime } from '../../../vu-runtime.ts';
import { createClientClass } from './client.ts';
import type { InterruptGate } from './client.ts';
import type { Connection } from './connection.ts';

export function createRedisModule(vu: VuRuntime): Record<string, unknown> {
  const live = new Set<Connection>();
  const gate: InterruptGate = { epoch: 0 };
  vu.onInterrupt(() => {
    gate.epoch++;
    for (const c of live) c.destroy();
  });
  vu.onClose(async () => {
    const all = [...live];
    live.clear();
    await Promise.all(all.map((c) => c.close()));
  });
  const api = { Client: createClientClass(vu, live, gate) };
  return { ...api, default: api };
}
