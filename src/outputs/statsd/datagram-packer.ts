/**
 * Packs StatsD lines into UDP datagrams: newline-separated, at most
 * `maxLines` lines (k6's K6_STATSD_BUFFER_SIZE) and at most `maxBytes`
 * bytes (1432 by default: fits an Ethernet MTU with IP and UDP headers,
 * the size DogStatsD clients use), so no datagram is fragmented. A single
 * line longer than `maxBytes` travels alone; one longer than any UDP
 * datagram can be is counted in `oversized` and left out.
 */

/** One datagram to send. `delivered` is set by the sender once the kernel took it. */
export interface Datagram {
  payload: string;
  /** how many samples (lines) it carries */
  lines: number;
  delivered: boolean;
}

/**
 * A datagram's weight in PushQueue's sent/dropped counts: its lines, or 0
 * once they went out in an earlier, partly failed attempt (the sender
 * counted them as sent then).
 */
export function undeliveredLines(d: Datagram): number {
  return d.delivered ? 0 : d.lines;
}

/** A safe datagram size on an Ethernet path (1500 MTU − IPv6/UDP headers, rounded as DogStatsD does). */
export const SAFE_DATAGRAM_BYTES = 1432;
/** The largest UDP payload over IPv4. */
export const MAX_UDP_PAYLOAD = 65_507;

export class DatagramPacker {
  readonly #maxBytes: number;
  readonly #maxLines: number;
  #current: string[] = [];
  #bytes = 0;
  #ready: Datagram[] = [];
  /** lines left out because no datagram can hold them */
  oversized = 0;

  constructor(maxLines: number, maxBytes: number = SAFE_DATAGRAM_BYTES) {
    this.#maxLines = Math.max(1, maxLines);
    this.#maxBytes = maxBytes;
  }

  add(line: string): void {
    const size = Buffer.byteLength(line);
    if (size > MAX_UDP_PAYLOAD) { this.oversized++; return; }
    if (this.#current.length > 0 && this.#bytes + 1 + size > this.#maxBytes) this.flush();
    this.#bytes += (this.#current.length > 0 ? 1 : 0) + size;
    this.#current.push(line);
    if (this.#current.length >= this.#maxLines) this.flush();
  }

  /** Closes the datagram being filled (if any). */
  flush(): void {
    if (this.#current.length === 0) return;
    this.#ready.push({ payload: this.#current.join('\n'), lines: this.#current.length, delivered: false });
    this.#current = [];
    this.#bytes = 0;
  }

  /** The closed datagrams since the last call. */
  take(): Datagram[] {
    const out = this.#ready;
    this.#ready = [];
    return out;
  }
}
