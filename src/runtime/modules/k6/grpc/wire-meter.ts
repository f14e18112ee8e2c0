/**
 * data_sent / data_received for gRPC: the bytes on the client's TCP
 * socket(s), as k6 counts them on its dialer's connections. The channel's
 * credentials are wrapped so that grpc-js hands us every raw socket it
 * dials (before TLS and the HTTP/2 preface), so the counts include TLS
 * records, HTTP/2 frames, HPACK headers, pings and window updates: what
 * the wire carried. Each finished RPC takes the bytes the connection carried
 * since the previous one (the first also carries the handshake and any
 * reflection calls of connect()); RPCs running side by side on one client
 * share the connection, so the split between them is approximate while the
 * total is exact.
 */
import type { Socket } from 'node:net';
import type { ChannelCredentials } from '@grpc/grpc-js';
import type { VuRuntime } from '../../../vu-runtime.ts';

const DATA_METRICS: readonly string[] = Object.freeze(['data_sent', 'data_received']);

interface Seen { written: number; read: number }

/** The connection-level SecureConnector grpc-js 1.10+ asks the credentials for (not in grpc-js's public types). */
interface SecureConnector {
  connect(socket: Socket): Promise<unknown>;
  waitForReady(): Promise<void>;
  getCallCredentials(): unknown;
  destroy(): void;
}
type ConnectorFactory = (...args: unknown[]) => SecureConnector;

export class WireMeter {
  readonly #sockets = new Map<Socket, Seen>();

  /** `creds` with every socket grpc-js dials through them counted here; unchanged if grpc-js has no such hook. */
  wrap(creds: ChannelCredentials): ChannelCredentials {
    const target = creds as unknown as { _createSecureConnector?: ConnectorFactory };
    const create = target._createSecureConnector;
    if (typeof create !== 'function') return creds;
    target._createSecureConnector = (...args: unknown[]): SecureConnector => {
      const inner = create.apply(creds, args);
      return {
        connect: (socket) => {
          this.#sockets.set(socket, { written: 0, read: 0 });
          return inner.connect(socket);
        },
        waitForReady: () => inner.waitForReady(),
        getCallCredentials: () => inner.getCallCredentials(),
        destroy: () => inner.destroy(),
      };
    };
    return creds;
  }

  /** Bytes written and read since the last take(); forgets sockets that are closed. */
  take(): [sent: number, received: number] {
    let sent = 0;
    let received = 0;
    for (const [socket, seen] of this.#sockets) {
      const written = socket.bytesWritten;
      const read = socket.bytesRead;
      sent += written - seen.written;
      received += read - seen.read;
      seen.written = written;
      seen.read = read;
      if (socket.destroyed) this.#sockets.delete(socket);
    }
    return [sent, received];
  }

  /** Emits what the connection carried since the last emission, with `tags`. */
  emit(vu: VuRuntime, tags: Record<string, string>): void {
    const values = this.take();
    if (values[0] !== 0 || values[1] !== 0) vu.samples.addAll(DATA_METRICS, tags, values);
  }
}
