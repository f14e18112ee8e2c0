/**
 * Channel credentials for client.connect(): plaintext, or TLS built from the
 * test's TLS options (tlsVersion, tlsCipherSuites, tlsAuth client certificates
 * for the host, insecureSkipTLSVerify) overlaid with connect()'s own `tls` param (cert,
 * key, password, cacerts), as k6 does.
 */
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import type { ChannelCredentials } from '@grpc/grpc-js';
import { grpcJs } from './lazy.ts';
import { nodeTlsOptions } from '../../../../http/index.ts';
import type { ResolvedOptions } from '../../../../config/options.ts';
import type { ConnectParams } from './params.ts';

/** The host part of `host:port` / `[v6]:port`. */
export function hostOf(address: string): string {
  const v6 = /^\[([^\]]+)\]/.exec(address);
  if (v6) return v6[1];
  const colon = address.lastIndexOf(':');
  return colon < 0 ? address : address.slice(0, colon);
}

/**
 * The test-wide TLS options that apply to connections to `host` (read and
 * checked before the run by config/tls.ts: versions, cipher suites, the
 * tlsAuth certificate for the host), as for HTTP.
 */
function optionContext(options: ResolvedOptions, host: string): SecureContextOptions {
  return options.tlsSettings ? nodeTlsOptions(options.tlsSettings, host) : {};
}

export function channelCredentials(address: string, p: ConnectParams, options: ResolvedOptions): ChannelCredentials {
  const { credentials } = grpcJs();
  if (p.plaintext) return credentials.createInsecure();
  const verify = options.insecureSkipTLSVerify === true ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {};
  const ctx = optionContext(options, hostOf(address));
  const tls = p.tls;
  if (tls?.cert !== undefined) {
    ctx.cert = tls.cert;
    ctx.key = tls.key;
    ctx.passphrase = tls.password;
  }
  if (tls?.cacerts !== undefined) ctx.ca = tls.cacerts;
  if (Object.keys(ctx).length === 0) return credentials.createSsl(null, null, null, verify);
  return credentials.createFromSecureContext(createSecureContext(ctx), verify);
}
