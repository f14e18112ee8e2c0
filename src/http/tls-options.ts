/**
 * k6's TLS options turned into Node's `tls.connect` options: `tlsVersion`
 * (one version or { min, max }), `tlsCipherSuites` (IANA names, as k6 and Go
 * spell them) and `tlsAuth` client certificates, each for a list of domains
 * (all domains when the list is empty).
 */
import type { ConnectionOptions } from 'node:tls';

export interface ClientCertificate {
  /** hostnames the certificate is offered to; empty: every host */
  domains: readonly string[];
  cert: string;
  key: string;
  password?: string;
}

export interface TlsSettings {
  /** k6 spelling: tls1.0 … tls1.3 */
  minVersion?: string;
  maxVersion?: string;
  /** IANA cipher suite names (TLS 1.2 and lower; TLS 1.3 suites are not configurable, as in Go) */
  cipherSuites?: readonly string[];
  clientCertificates?: readonly ClientCertificate[];
}

const NODE_VERSIONS: Record<string, ConnectionOptions['minVersion']> = { 'tls1.0': 'TLSv1', 'tls1.1': 'TLSv1.1', 'tls1.2': 'TLSv1.2', 'tls1.3': 'TLSv1.3' };

/** IANA suite name → OpenSSL name, for the suites k6 accepts. */
const OPENSSL_SUITES: Record<string, string> = {
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305: 'ECDHE-RSA-CHACHA20-POLY1305',
};

/**
 * Reads k6's options; problems (unknown version or suite, a tlsAuth entry
 * without cert or key) come back as `path: message` lines.
 */
export function tlsSettingsFrom(options: { tlsVersion?: unknown; tlsCipherSuites?: unknown; tlsAuth?: unknown }): { settings: TlsSettings; problems: string[] } {
  const problems: string[] = [];
  const settings: TlsSettings = {};
  const version = (v: unknown, path: string): string | undefined => {
    if (typeof v === 'string' && NODE_VERSIONS[v]) return v;
    problems.push(`${path}: unknown TLS version ${JSON.stringify(v)}; use tls1.0, tls1.1, tls1.2 or tls1.3`);
    return undefined;
  };
  const tv = options.tlsVersion;
  if (typeof tv === 'string') settings.minVersion = settings.maxVersion = version(tv, 'tlsVersion');
  else if (tv && typeof tv === 'object') {
    const { min, max } = tv as { min?: unknown; max?: unknown };
    if (min !== undefined) settings.minVersion = version(min, 'tlsVersion.min');
    if (max !== undefined) settings.maxVersion = version(max, 'tlsVersion.max');
  } else if (tv !== undefined) problems.push('tlsVersion: must be a string such as "tls1.2" or { min, max }');
  if (options.tlsCipherSuites !== undefined) {
    const list = Array.isArray(options.tlsCipherSuites) ? options.tlsCipherSuites : [];
    if (!Array.isArray(options.tlsCipherSuites)) problems.push('tlsCipherSuites: must be a list of cipher suite names');
    list.forEach((name, i) => { if (!OPENSSL_SUITES[String(name)]) problems.push(`tlsCipherSuites[${i}]: unknown cipher suite ${JSON.stringify(name)}`); });
    settings.cipherSuites = list.map(String).filter((n) => OPENSSL_SUITES[n]);
  }
  if (options.tlsAuth !== undefined) {
    const list = Array.isArray(options.tlsAuth) ? options.tlsAuth : [];
    if (!Array.isArray(options.tlsAuth)) problems.push('tlsAuth: must be a list of { domains, cert, key }');
    settings.clientCertificates = list.flatMap((entry, i) => {
      const e = (entry ?? {}) as { domains?: unknown; cert?: unknown; key?: unknown; password?: unknown };
      if (typeof e.cert !== 'string' || typeof e.key !== 'string') { problems.push(`tlsAuth[${i}]: needs cert and key as PEM strings (e.g. open('client.crt'))`); return []; }
      const domains = Array.isArray(e.domains) ? e.domains.map(String) : [];
      return [{ domains, cert: e.cert, key: e.key, password: typeof e.password === 'string' ? e.password : undefined }];
    });
  }
  return { settings, problems };
}

/** The client certificate k6 offers to `hostname`: the first whose domains include it (or have none). */
export function clientCertificateFor(settings: TlsSettings, hostname: string): ClientCertificate | undefined {
  const host = hostname.toLowerCase();
  return settings.clientCertificates?.find((c) => c.domains.length === 0 || c.domains.some((d) => d.toLowerCase() === host));
}

/** Node `tls.connect` options for connections to `hostname`. */
export function nodeTlsOptions(settings: TlsSettings, hostname: string): ConnectionOptions {
  const out: ConnectionOptions = {};
  if (settings.minVersion) out.minVersion = NODE_VERSIONS[settings.minVersion];
  if (settings.maxVersion) out.maxVersion = NODE_VERSIONS[settings.maxVersion];
  if (settings.cipherSuites?.length) out.ciphers = settings.cipherSuites.map((n) => OPENSSL_SUITES[n]).join(':');
  const cert = clientCertificateFor(settings, hostname);
  if (cert) { out.cert = cert.cert; out.key = cert.key; if (cert.password) out.passphrase = cert.password; }
  return out;
}
