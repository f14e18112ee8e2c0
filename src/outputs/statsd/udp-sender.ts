/**
 * The UDP half of the statsd output. `openUdpSocket` resolves the address
 * once (a name that does not resolve is a config error naming the
 * variable) and connects a datagram socket to it: a connected socket is
 * the only kind on which the kernel reports an ICMP "port unreachable"
 * back to us, as ECONNREFUSED on a later send. That is all the feedback
 * UDP gives; a datagram lost on the way is never seen.
 *
 * `DatagramSender.send` ships one PushQueue batch. Each datagram is sent
 * once: those the kernel took are marked delivered (and counted), so when
 * some of a batch fail and PushQueue retries it, only the rest go again
 * and the StatsD server never counts a sample twice. ECONNREFUSED on a
 * send reports that the previous datagram was refused, so that one is
 * taken back and retried too.
 */
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { ConfigError } from '../../errors/index.ts';
import type { StatsdAddress } from './config.ts';
import type { Datagram } from './datagram-packer.ts';

export type SendPayload = (payload: string) => Promise<void>;

export interface UdpSocket {
  /** `ip:port` actually used */
  readonly remote: string;
  send: SendPayload;
  close(): Promise<void>;
}

function errorCode(err: unknown): string {
  return (err as { code?: string } | null)?.code ?? (err instanceof Error ? err.message : String(err));
}

/** Resolves `addr` (IPv4 first, as StatsD daemons listen on 0.0.0.0 by default) and connects a UDP socket to it. */
export async function openUdpSocket(addr: StatsdAddress, onError: (err: Error) => void): Promise<UdpSocket> {
  let resolved: { address: string; family: number };
  try {
    resolved = await lookup(addr.host, { order: 'ipv4first' });
  } catch (err) {
    throw new ConfigError([`${addr.source}: cannot resolve host ${JSON.stringify(addr.host)} (${errorCode(err)})`], 'set it to the host:port of a StatsD or DogStatsD agent, e.g. localhost:8125');
  }
  const socket = dgram.createSocket(resolved.family === 6 ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => reject(new ConfigError([`${addr.source}: cannot use ${addr.text} (${errorCode(err)})`]));
    socket.once('error', fail);
    socket.connect(addr.port, resolved.address, () => { socket.off('error', fail); resolve(); });
  });
  // later socket-level errors (not send results) must not crash the run
  socket.on('error', onError);
  socket.unref();
  const remote = resolved.family === 6 ? `[${resolved.address}]:${addr.port}` : `${resolved.address}:${addr.port}`;
  return {
    remote,
    send: (payload) => new Promise<void>((resolve, reject) => {
      socket.send(payload, (err) => (err ? reject(err) : resolve()));
    }),
    close: () => new Promise<void>((resolve) => {
      try { socket.close(() => resolve()); } catch { resolve(); }
    }),
  };
}

export class DatagramSender {
  readonly #send: SendPayload;
  /** samples (lines) in datagrams the kernel took */
  sentLines = 0;

  constructor(send: SendPayload) {
    this.#send = send;
  }

  /**
   * Sends the batch's datagrams not delivered yet, one after the other (a
   * burst of thousands would overflow a local agent's receive buffer);
   * rejects with the first error when any failed.
   */
  async send(batch: readonly Datagram[]): Promise<void> {
    let first: unknown;
    let previous: Datagram | undefined;
    for (const d of batch) {
      if (d.delivered) continue;
      try {
        await this.#send(d.payload);
        d.delivered = true;
        this.sentLines += d.lines;
        previous = d;
      } catch (err) {
        first ??= err;
        if (errorCode(err) === 'ECONNREFUSED' && previous) {
          previous.delivered = false;
          this.sentLines -= previous.lines;
        }
        previous = undefined;
      }
    }
    if (first !== undefined) throw new Error(`UDP send to the StatsD agent failed: ${errorCode(first)}`);
  }
}
