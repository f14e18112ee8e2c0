/**
 * The test's TLS settings applied to a connection: versions, TLS 1.2
 * cipher list and the client certificate (tlsAuth) for the host. The k6
 * options (tlsVersion, tlsCipherSuites, tlsAuth) are read and checked
 * before the run by config/tls.ts, which hands over this shape, already in
 * Node's terms.
 */
import type { ConnectionOptions } from 'node:tls';
import type { ClientCertificate, TlsSettings } from '../lib/tls-settings.ts';

export type { ClientCertificate, TlsSettings };

/** The client certificate k6 offers to `hostname`: the first whose domains include it (or have none). */
export function clientCertificateFor(settings: TlsSettings, hostname: string): ClientCertificate | undefined {
  const host = hostname.toLowerCase();
  return settings.clientCertificates?.find((c) => c.domains.length === 0 || c.domains.some((d) => d.toLowerCase() === host));
}

/** Node `tls.connect` (and `createSecureContext`) options for connections to `hostname`. */
export function nodeTlsOptions(settings: TlsSettings, hostname: string): ConnectionOptions {
  const out: ConnectionOptions = {};
  if (settings.minVersion) out.minVersion = settings.minVersion;
  if (settings.maxVersion) out.maxVersion = settings.maxVersion;
  if (settings.ciphers) out.ciphers = settings.ciphers;
  const cert = clientCertificateFor(settings, hostname);
  if (cert) { out.cert = cert.cert; out.key = cert.key; if (cert.password) out.passphrase = cert.password; }
  return out;
}
