/** k6/net/grpc: under construction in this working tree (not landed). */
import type { VuRuntime } from '../../../vu-runtime.ts';

export function createGrpcModule(_vu: VuRuntime): Record<string, unknown> {
  throw new Error('k6/net/grpc is not available yet');
}
