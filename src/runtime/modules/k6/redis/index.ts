/** k6/experimental/redis: under construction in this working tree (not landed). */
import type { VuRuntime } from '../../../vu-runtime.ts';

export function createRedisModule(_vu: VuRuntime): Record<string, unknown> {
  throw new Error('k6/experimental/redis is not available yet');
}
