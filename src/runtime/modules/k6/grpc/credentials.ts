/**
 * Channel credentials for client.connect(): plaintext, or TLS built from the
 * test's TLS options (tlsVersion, tlsAuth client certificates for the host,
 * insecureSkipTLSVerify) overlaid with connect()'s own `tls` param (cert,
 * key, password, cacerts), as k6 does.
 */
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import type { ChannelCredentials } from '@grpc/grpc-js';
import { grpcJs } from './lazy.ts';
import { tlsSettingsFrom } from '../../../../http/index.ts';
import type { ResolvedOptions } from '../../../../config/options.ts';
import type { ConnectParams } from './params.ts';

/** k6's version names → Node's (http/ keeps the same table; see the report on exporting nodeTlsOptions). */
const NODE_VERSIONS: Record<string, SecureContextOptions['minVersion']> = { 'tls1.0': 'TLSv1', 'tls1.1': 'TLSv1.1', 'tls1.2': 'TLSv1.2', 'tls1.3': 'TLSv1.3' };

/** The host part of `host:port` / `[v6]:port`. */
export function hostOf(address: string): string {
  const v6 = /^\[([^\]]+)\]/.exec(address);
  if (v6) return v6[1];
  const colon = address.lastIndexOf(':');
  return colon < 0 ? address : address.slice(0, colon);
}

/** The test-wide TLS options that apply to connections to `host`. */
function optionContext(options: ResolvedOptions, host: string): SecureContextOptions {
  const { settings } = tlsSettingsFrom(options as { tlsVersion?: unknown; tlsCipherSuites?: unknown; tlsAuth?: unknown });
  const out: SecureContextOptions = {};
  if (settings.minVersion) out.minVersion = NODE_VERSIONS[settings.minVersion];
  if (settings.maxVersion) out.maxVersion = NODE_VERSIONS[settings.maxVersion];
  const h = host.toLowerCase();
  const cert = settings.clientCertificates?.find((c) => c.domains.length === 0 || c.domains.some((d) => d.toLowerCase() === h));
  if (cert) {
    out.cert = cert.cert;
    out.key = cert.key;
    if (cert.password) out.passphrase = cert.password;
  }
  return out;
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
