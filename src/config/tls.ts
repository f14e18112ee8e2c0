/**
 * k6's TLS options, read once before the run: `tlsVersion` (one version,
 * or { min, max }), `tlsCipherSuites` (IANA names, as k6 and Go spell
 * them) and `tlsAuth` client certificates, each for a list of domains (all
 * domains when the list is empty). The result is already in Node's terms
 * (TLSv1.2, OpenSSL cipher names): lib/tls-settings.ts, the shape http/'s
 * engine and the gRPC client take.
 */
import { getCiphers } from 'node:tls';
import { childPath, isPlainObject, isSet, show } from './values.ts';
import type { NodeTlsVersion, ClientCertificate, TlsSettings } from '../lib/tls-settings.ts';

export type { NodeTlsVersion, ClientCertificate, TlsSettings };

/** k6's version names (k6 dropped ssl3.0, as Go did). */
const VERSIONS: Record<string, NodeTlsVersion> = { 'tls1.0': 'TLSv1', 'tls1.1': 'TLSv1.1', 'tls1.2': 'TLSv1.2', 'tls1.3': 'TLSv1.3' };

/** Every suite k6 accepts (its SupportedTLSCipherSuites) → OpenSSL's name; '' for TLS 1.3 suites, accepted and ignored as in k6. */
const SUITES: Record<string, string> = {
  TLS_RSA_WITH_RC4_128_SHA: 'RC4-SHA',
  TLS_RSA_WITH_3DES_EDE_CBC_SHA: 'DES-CBC3-SHA',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_CBC_SHA256: 'AES128-SHA256',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_RC4_128_SHA: 'ECDHE-ECDSA-RC4-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_RC4_128_SHA: 'ECDHE-RSA-RC4-SHA',
  TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: 'ECDHE-RSA-DES-CBC3-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: 'ECDHE-ECDSA-AES128-SHA256',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: 'ECDHE-RSA-AES128-SHA256',
  TLS_AES_128_GCM_SHA256: '',
  TLS_AES_256_GCM_SHA384: '',
  TLS_CHACHA20_POLY1305_SHA256: '',
};

function version(v: unknown, path: string, problems: string[]): NodeTlsVersion | undefined {
  if (typeof v === 'string' && Object.hasOwn(VERSIONS, v)) return VERSIONS[v];
  problems.push(`${path}: unknown TLS version ${show(v)}; use tls1.0, tls1.1, tls1.2 or tls1.3`);
  return undefined;
}

function readVersions(tv: unknown, settings: TlsSettings, problems: string[]): void {
  if (typeof tv === 'string') {
    const v = version(tv, 'tlsVersion', problems);
    if (v) settings.minVersion = settings.maxVersion = v;
  } else if (isPlainObject(tv)) {
    for (const key of Object.keys(tv)) if (key !== 'min' && key !== 'max') problems.push(`${childPath('tlsVersion', key)}: unknown field; use min and max`);
    if (isSet(tv.min)) settings.minVersion = version(tv.min, 'tlsVersion.min', problems);
    if (isSet(tv.max)) settings.maxVersion = version(tv.max, 'tlsVersion.max', problems);
    const order = Object.values(VERSIONS);
    if (settings.minVersion && settings.maxVersion && order.indexOf(settings.minVersion) > order.indexOf(settings.maxVersion)) {
      problems.push(`tlsVersion: min ${show(tv.min)} is above max ${show(tv.max)}`);
    }
  } else problems.push(`tlsVersion: must be a string such as "tls1.2" or { min, max }, got ${show(tv)}`);
}

/** The OpenSSL cipher names this runtime can offer (lower case, as tls.getCiphers() lists them). */
let offered: Set<string> | undefined;
function canOffer(openSslName: string, available?: ReadonlySet<string>): boolean {
  offered ??= new Set(getCiphers());
  return (available ?? offered).has(openSslName.toLowerCase());
}

/**
 * Every k6 name is accepted; the suites this Node/OpenSSL cannot offer (RC4,
 * 3DES on OpenSSL 3) are left out with one warning, and only a list of
 * nothing usable is a problem. TLS 1.3 suites are always usable (Go and
 * OpenSSL enable them whatever the list says).
 */
function readSuites(list: unknown, settings: TlsSettings, problems: string[], warnings: string[], available?: ReadonlySet<string>): void {
  if (!Array.isArray(list)) { problems.push(`tlsCipherSuites: must be a list of cipher suite names, got ${show(list)}`); return; }
  const names: string[] = [];
  const unusable: string[] = [];
  let usable = 0;
  let known = 0;
  list.forEach((name, i) => {
    if (typeof name !== 'string' || !Object.hasOwn(SUITES, name)) { problems.push(`tlsCipherSuites[${i}]: unknown cipher suite ${show(name)}`); return; }
    known++;
    const openSsl = SUITES[name];
    if (openSsl === '') { usable++; return; }
    if (!canOffer(openSsl, available)) { unusable.push(name); return; }
    usable++;
    names.push(openSsl);
  });
  if (known > 0 && usable === 0) {
    problems.push(`tlsCipherSuites: none of the listed suites can be offered by the OpenSSL of this Node.js: ${unusable.join(', ')}; list a suite such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`);
    return;
  }
  if (unusable.length > 0) warnings.push(`tlsCipherSuites: ${unusable.join(', ')} cannot be offered by the OpenSSL of this Node.js and ${unusable.length === 1 ? 'is' : 'are'} left out; the other suites are used`);
  if (names.length > 0) settings.ciphers = names.join(':');
}

function readAuth(list: unknown, settings: TlsSettings, problems: string[]): void {
  if (!Array.isArray(list)) { problems.push(`tlsAuth: must be a list of { domains, cert, key }, got ${show(list)}`); return; }
  settings.clientCertificates = list.flatMap((entry, i) => {
    const e = isPlainObject(entry) ? entry : {};
    if (typeof e.cert !== 'string' || typeof e.key !== 'string') { problems.push(`tlsAuth[${i}]: needs cert and key as PEM strings (e.g. open('client.crt'))`); return []; }
    if (isSet(e.domains) && !Array.isArray(e.domains)) { problems.push(`tlsAuth[${i}].domains: must be a list of hostnames, got ${show(e.domains)}`); return []; }
    if (isSet(e.password) && typeof e.password !== 'string') { problems.push(`tlsAuth[${i}].password: must be a string`); return []; }
    const domains = Array.isArray(e.domains) ? e.domains.map(String) : [];
    return [{ domains, cert: e.cert, key: e.key, ...(typeof e.password === 'string' && e.password !== '' && { password: e.password }) }];
  });
}

/**
 * Reads k6's TLS options; undefined when none is set. Problems (unknown
 * version or suite, no usable suite, a tlsAuth entry without cert or key)
 * are pushed as `path: message` lines; suites this runtime cannot offer go to
 * `warnings`. `available` (OpenSSL names) replaces tls.getCiphers() in tests.
 */
export function tlsSettingsFrom(options: Readonly<Record<string, unknown>>, problems: string[], warnings: string[] = [], available?: ReadonlySet<string>): TlsSettings | undefined {
  if (!isSet(options.tlsVersion) && !isSet(options.tlsCipherSuites) && !isSet(options.tlsAuth)) return undefined;
  const settings: TlsSettings = {};
  if (isSet(options.tlsVersion)) readVersions(options.tlsVersion, settings, problems);
  if (isSet(options.tlsCipherSuites)) readSuites(options.tlsCipherSuites, settings, problems, warnings, available);
  if (isSet(options.tlsAuth)) readAuth(options.tlsAuth, settings, problems);
  return settings;
}
