/**
 * k6/ws and k6/websockets (also k6/experimental/websockets), one instance
 * per VU. k6/ws is the callback API whose connect() the compiler awaits
 * (legacy.ts); k6/websockets is the browser-style WebSocket class
 * (websocket.ts). Both run over connection.ts and record the same ws_*
 * metrics.
 */
import { Blob } from 'node:buffer';
import type { CookieJar } from '../../../../http/index.ts';
import type { VuRuntime } from '../../../vu-runtime.ts';
import { createConnect } from './legacy.ts';
import { VuSockets, webSocketClass } from './websocket.ts';

/** `defaultJar`: the VU's k6/http cookie jar, sent on handshakes whose params give no jar (as k6 does). */
export function createWsModule(vu: VuRuntime, defaultJar?: () => CookieJar): Record<string, unknown> {
  const api = { connect: createConnect(vu, defaultJar) };
  return { ...api, default: api };
}

export function createWebSocketsModule(vu: VuRuntime, defaultJar?: () => CookieJar): Record<string, unknown> {
  const api = { WebSocket: webSocketClass(new VuSockets(vu, defaultJar)), Blob };
  return { ...api, default: api };
}
