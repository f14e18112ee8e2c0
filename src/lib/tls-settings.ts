/**
 * TLS settings in Node's terms (versions, OpenSSL cipher list, client
 * certificates by host): the shape config/tls.ts produces from k6's options
 * and http/ applies to connections. It lives here because neither of those
 * folders may import the other.
 */
export type NodeTlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface ClientCertificate {
  /** hostnames the certificate is offered to; empty: every host */
  domains: readonly string[];
  cert: string;
  key: string;
  password?: string;
}

export interface TlsSettings {
  minVersion?: NodeTlsVersion;
  maxVersion?: NodeTlsVersion;
  /** OpenSSL cipher list for TLS 1.2 and lower (TLS 1.3 suites are not configurable, as in Go) */
  ciphers?: string;
  clientCertificates?: readonly ClientCertificate[];
}
