/** k6/ws and k6/websockets: under construction in this working tree (not landed). */
import type { VuRuntime } from '../../../vu-runtime.ts';

export function createWsModule(_vu: VuRuntime): Record<string, unknown> {
  throw new Error('k6/ws is not available yet');
}

export function createWebSocketsModule(_vu: VuRuntime): Record<string, unknown> {
  throw new Error('k6/websockets is not available yet');
}
