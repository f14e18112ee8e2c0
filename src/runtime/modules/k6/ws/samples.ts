/**
 * The ws_* samples of one WebSocket session, shared by k6/ws and
 * k6/websockets: the session's tag set (VU tags, params.tags, k6's url and
 * group system tags, then status and subproto once the handshake is done)
 * and one method per measurement.
 */
import type { VuRuntime } from '../../../vu-runtime.ts';
import { cleanUrl } from '../http/samples.ts';

/** Which of the system tags a WebSocket session uses are enabled. */
export interface WsTagFlags {
  url: boolean;
  group: boolean;
  status: boolean;
  subproto: boolean;
}

export function wsTagFlags(enabled: ReadonlySet<string>): WsTagFlags {
  return { url: enabled.has('url'), group: enabled.has('group'), status: enabled.has('status'), subproto: enabled.has('subproto') };
}

export class SessionSamples {
  readonly #vu: VuRuntime;
  readonly #flags: WsTagFlags;
  #tags: Record<string, string>;

  /** Tags are taken now (current group, VU tags), as k6 does when connect() is called. */
  constructor(vu: VuRuntime, flags: WsTagFlags, url: string, userTags: Record<string, string> | undefined) {
    this.#vu = vu;
    this.#flags = flags;
    const tags: Record<string, string> = userTags === undefined ? { ...vu.state.tags } : { ...vu.state.tags, ...userTags };
    if (flags.url) tags.url = cleanUrl(url);
    if (flags.group) tags.group = vu.state.groupPath;
    this.#tags = tags;
  }

  /** Adds the handshake's outcome to every later sample (a new object: earlier samples keep theirs). */
  handshakeDone(status: number, subprotocol: string): void {
    const tags = { ...this.#tags };
    if (this.#flags.status) tags.status = String(status);
    if (this.#flags.subproto && subprotocol !== '') tags.subproto = subprotocol;
    this.#tags = tags;
  }

  opened(connectingMs: number): void {
    this.#vu.samples.add('ws_sessions', this.#tags, 1);
    this.#vu.samples.add('ws_connecting', this.#tags, connectingMs);
  }

  messageSent(): void {
    this.#vu.samples.add('ws_msgs_sent', this.#tags, 1);
  }

  messageReceived(): void {
    this.#vu.samples.add('ws_msgs_received', this.#tags, 1);
  }

  pingRoundTrip(ms: number): void {
    this.#vu.samples.add('ws_ping', this.#tags, ms);
  }

  /** The end of an opened session: its duration (from connect() on) and the bytes the connection carried. */
  closed(durationMs: number, bytesSent: number, bytesReceived: number): void {
    const s = this.#vu.samples;
    s.add('ws_session_duration', this.#tags, durationMs);
    s.add('data_sent', this.#tags, bytesSent);
    s.add('data_received', this.#tags, bytesReceived);
  }
}
