/**
 * Opens one gRPC channel for client.connect(): credentials (credentials.ts),
 * channel options (own connection per client, user agent, message sizes,
 * authority), then waits
 * until it is ready — failing fast with a k6-like dial error when the
 * target refuses, and with "context deadline exceeded" on timeout.
 */
import net from 'node:net';
import type { Client as GrpcJsClient, ChannelOptions } from '@grpc/grpc-js';
import { grpcJs } from './lazy.ts';
import { DEFAULT_USER_AGENT } from '../../../../http/index.ts';
import type { ResolvedOptions } from '../../../../config/options.ts';
import { channelCredentials, hostOf } from './credentials.ts';
import type { ConnectParams } from './params.ts';
import type { WireMeter } from './wire-meter.ts';

export interface ChannelSettings {
  params: ConnectParams;
  options: ResolvedOptions;
}

function channelOptions(s: ChannelSettings): ChannelOptions {
  const p = s.params;
  // one HTTP/2 connection per client, as k6 (grpc-js would share one across VUs)
  const o: ChannelOptions = { 'grpc.use_local_subchannel_pool': 1 };
  const ua = s.options.userAgent ?? DEFAULT_USER_AGENT;
  if (ua !== '') o['grpc.primary_user_agent'] = ua;
  if (p.maxReceiveSize !== undefined && p.maxReceiveSize > 0) o['grpc.max_receive_message_length'] = p.maxReceiveSize;
  if (p.maxSendSize !== undefined && p.maxSendSize > 0) o['grpc.max_send_message_length'] = p.maxSendSize;
  if (p.authority !== undefined) {
    o['grpc.default_authority'] = p.authority;
    if (!p.plaintext) o['grpc.ssl_target_name_override'] = p.authority;
  }
  return o;
}

/** host and port of `host:port` / `[v6]:port`; port 443 when missing, as gRPC does. */
function splitHostPort(address: string): { host: string; port: number } {
  const host = hostOf(address);
  const rest = address.slice(address.startsWith('[') ? host.length + 2 : host.length);
  const port = /^:(\d+)$/.exec(rest);
  return { host: host === '' ? 'localhost' : host, port: port ? Number(port[1]) : 443 };
}

/** Why a plain TCP dial to `address` fails, in Go's words; undefined when it connects. */
function dialError(address: string): Promise<string | undefined> {
  const { host, port } = splitHostPort(address);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(5000);
    socket.once('connect', () => { socket.destroy(); resolve(undefined); });
    socket.once('timeout', () => { socket.destroy(); resolve(`dial tcp ${address}: i/o timeout`); });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      switch (err.code) {
        case 'ECONNREFUSED': return resolve(`dial tcp ${address}: connect: connection refused`);
        case 'ENOTFOUND': case 'EAI_AGAIN': return resolve(`dial tcp: lookup ${host}: no such host`);
        case 'EHOSTUNREACH': return resolve(`dial tcp ${address}: connect: no route to host`);
        case 'ENETUNREACH': return resolve(`dial tcp ${address}: connect: network is unreachable`);
        case 'ECONNRESET': return resolve(`dial tcp ${address}: connection reset by peer`);
        default: return resolve(`dial tcp ${address}: ${err.message}`);
      }
    });
  });
}

type Outcome = 'ready' | 'failed' | 'timeout';

/** Drives the channel to READY; stops at the first TRANSIENT_FAILURE or at the deadline. */
function waitReady(client: GrpcJsClient, deadline: number): Promise<Outcome> {
  const channel = client.getChannel();
  return new Promise((resolve) => {
    const step = (): void => {
      const state = channel.getConnectivityState(true);
      const { connectivityState } = grpcJs();
      if (state === connectivityState.READY) return resolve('ready');
      if (state === connectivityState.TRANSIENT_FAILURE || state === connectivityState.SHUTDOWN) return resolve('failed');
      if (Date.now() >= deadline) return resolve('timeout');
      channel.watchConnectivityState(state, new Date(deadline), (err) => (err ? resolve('timeout') : step()));
    };
    step();
  });
}

/** A connected grpc-js client for `address` whose sockets `meter` counts; throws k6's connect errors. */
export async function openChannel(address: string, s: ChannelSettings, meter?: WireMeter): Promise<GrpcJsClient> {
  const creds = channelCredentials(address, s.params, s.options);
  const client = new (grpcJs().Client)(address, meter ? meter.wrap(creds) : creds, channelOptions(s));
  const outcome = await waitReady(client, Date.now() + s.params.timeoutMs);
  if (outcome === 'ready') return client;
  client.close();
  if (outcome === 'timeout') throw new Error(`context deadline exceeded: no connection to ${address} within ${s.params.timeoutMs}ms`);
  const dial = await dialError(address);
  if (dial !== undefined) throw new Error(`connection error: desc = "transport: error while dialing: ${dial}"`);
  const hint = s.params.plaintext
    ? ' (is the server using TLS? then leave out plaintext: true)'
    : ' (a plaintext server needs { plaintext: true }; a self-signed certificate needs tls: { cacerts } or insecureSkipTLSVerify)';
  throw new Error(`connection error: desc = "transport: the TCP connection to ${address} was accepted but the ${s.params.plaintext ? 'HTTP/2' : 'TLS'} handshake failed"${hint}`);
}
