/**
 * Chaos drills (issue #17): the fault proxy's shapes. A proxy listens on a
 * local address and forwards every connection to its upstream; toxics
 * (Toxiproxy's fault types) act on the bytes of one direction of each
 * connection; `enabled: false` is the service down; HTTP faults (xk6-
 * disruptor's fields) act on whole requests when the proxy speaks HTTP.
 */

/** Which way a toxic acts: `upstream` on bytes from the client to the server, `downstream` on the answers. */
export type ToxicStream = 'upstream' | 'downstream';

export type ToxicType = 'latency' | 'bandwidth' | 'slow_close' | 'timeout' | 'reset_peer' | 'slicer' | 'limit_data';

/** One toxic, as Toxiproxy's API shows it (attributes in Toxiproxy's units: ms, KB/s, bytes). */
export interface ToxicSpec {
  name: string;
  type: ToxicType;
  stream: ToxicStream;
  /** the share of connections the toxic applies to, 0..1 (decided per connection) */
  toxicity: number;
  /**
   * latency: latency, jitter (ms); bandwidth: rate (KB/s); slow_close: delay (ms);
   * timeout: timeout (ms, 0 = never close); reset_peer: timeout (ms);
   * slicer: average_size, size_variation (bytes), delay (µs); limit_data: bytes
   */
  attributes: Record<string, number>;
}

/** HTTP faults, with xk6-disruptor's fields. */
export interface HttpFaultSpec {
  /** added to each request's response time */
  averageDelayMs: number;
  delayVariationMs: number;
  /** the share of requests answered with errorCode instead of the upstream's answer, 0..1 */
  errorRate: number;
  errorCode: number;
  errorBody: string;
  /** request paths never faulted (exact, or a prefix ending in `*`) */
  exclude: string[];
}

export interface ProxySpec {
  name: string;
  /** host:port to listen on (port 0: any free port) */
  listen: string;
  /** host:port to forward to */
  upstream: string;
  enabled: boolean;
  /** parse HTTP/1.1 so HTTP faults can act on requests (a plain byte pipe otherwise) */
  http?: boolean;
}

/** What a proxy counted, for tests and the summary. */
export interface ProxyStats {
  /** connections open now */
  connections: number;
  /** connections accepted since the start */
  accepted: number;
  bytesUpstream: number;
  bytesDownstream: number;
}

export interface FaultProxy {
  readonly name: string;
  /** the address it listens on, with the real port */
  readonly listen: string;
  readonly upstream: string;
  /** false: every open connection is closed and new ones are refused (Toxiproxy's `enabled: false`) */
  enabled: boolean;
  toxics(): ToxicSpec[];
  /** Adds a toxic; a name already used is an Error (Toxiproxy: 409). Applies to open connections too. */
  addToxic(toxic: ToxicSpec): void;
  /** Changes a toxic's attributes or toxicity; an unknown name is an Error (404). */
  updateToxic(name: string, change: { attributes?: Record<string, number>; toxicity?: number }): ToxicSpec;
  removeToxic(name: string): void;
  /** Sets (or clears) the HTTP faults; only a proxy started with `http: true` takes them. */
  setHttpFault(fault: HttpFaultSpec | undefined): void;
  stats(): ProxyStats;
  close(): Promise<void>;
}
