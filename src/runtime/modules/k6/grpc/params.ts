/**
 * Validates the params objects of the k6 gRPC API: connect()'s
 * ConnectParams and the Params of invoke()/asyncInvoke()/new Stream(),
 * with k6's names, defaults and errors for unknown or mistyped keys.
 */
import type { Metadata } from '@grpc/grpc-js';
import { grpcJs } from './lazy.ts';
import { parseDurationMs } from '../../../../lib/duration.ts';

/** k6's default for connect and invoke timeouts */
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface TlsParams {
  cert?: string;
  key?: string;
  password?: string;
  cacerts?: string[];
}

export interface ConnectParams {
  plaintext: boolean;
  timeoutMs: number;
  reflect: boolean;
  /** metadata sent with the reflection requests */
  reflectMetadata?: Metadata;
  maxReceiveSize?: number;
  maxSendSize?: number;
  authority?: string;
  tls?: TlsParams;
}

export interface CallParams {
  metadata: Metadata;
  tags: Record<string, string> | undefined;
  /** undefined: no deadline */
  timeoutMs: number | undefined;
  discardResponseMessage: boolean;
  authority?: string;
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error(`${what} must be an object`);
  return v as Record<string, unknown>;
}

/** A timeout: k6's duration grammar, a bare number is ms, never negative (as HTTP request timeouts). */
function timeoutOf(v: unknown): number {
  const ms = parseDurationMs(v, { negative: false, bare: 'ms' });
  if (ms === undefined) throw new Error(`invalid timeout value: ${JSON.stringify(v)}; use a duration such as "30s" or a number of milliseconds`);
  return ms;
}

function bool(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw new Error(`invalid ${name} value: ${JSON.stringify(v)}, it needs to be a boolean`);
  return v;
}

function size(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`invalid ${name} value: ${JSON.stringify(v)}, it needs to be a non-negative integer`);
  return v;
}

function pem(v: unknown, name: string): string {
  if (typeof v === 'string') return v;
  if (v instanceof ArrayBuffer) return Buffer.from(v).toString('utf8');
  throw new Error(`invalid tls.${name} value: it needs to be a PEM string`);
}

function tlsParams(v: unknown): TlsParams {
  const o = asObject(v, 'tls');
  const out: TlsParams = {};
  for (const [k, val] of Object.entries(o)) {
    if (k === 'cert' || k === 'key') out[k] = pem(val, k);
    else if (k === 'password') out.password = String(val);
    else if (k === 'cacerts') out.cacerts = Array.isArray(val) ? val.map((c) => pem(c, 'cacerts')) : [pem(val, 'cacerts')];
    else throw new Error(`unknown tls param: "${k}"`);
  }
  if ((out.cert === undefined) !== (out.key === undefined)) throw new Error('tls: cert and key must be given together');
  return out;
}

/** connect()'s params, with k6's defaults (TLS, 60s timeout). */
export function parseConnectParams(v: unknown): ConnectParams {
  const o = asObject(v, 'connect params');
  const p: ConnectParams = { plaintext: false, timeoutMs: DEFAULT_TIMEOUT_MS, reflect: false };
  for (const [k, val] of Object.entries(o)) {
    switch (k) {
      case 'plaintext': p.plaintext = bool(val, k); break;
      case 'timeout': p.timeoutMs = timeoutOf(val); break;
      case 'reflect': p.reflect = bool(val, k); break;
      case 'reflectMetadata': p.reflectMetadata = metadataOf(val, 'reflectMetadata'); break;
      case 'maxReceiveSize': p.maxReceiveSize = size(val, k); break;
      case 'maxSendSize': p.maxSendSize = size(val, k); break;
      case 'authority': p.authority = String(val); break;
      case 'tls': p.tls = tlsParams(val); break;
      default: throw new Error(`unknown connect param: "${k}"`);
    }
  }
  return p;
}

function metadataOf(v: unknown, what = 'metadata'): Metadata {
  const md = new (grpcJs().Metadata)();
  for (const [k, val] of Object.entries(asObject(v, what))) {
    try {
      if (k.toLowerCase().endsWith('-bin')) {
        if (typeof val === 'string') md.add(k, Buffer.from(val));
        else if (val instanceof ArrayBuffer) md.add(k, Buffer.from(val));
        else if (ArrayBuffer.isView(val)) md.add(k, Buffer.from(val.buffer, val.byteOffset, val.byteLength));
        else throw new Error(`metadata "${k}" value must be a string or binary data`);
      } else {
        if (typeof val !== 'string') throw new Error(`metadata "${k}" value must be a string`);
        md.add(k, val);
      }
    } catch (err) {
      throw new Error(`invalid ${what}: ${(err as Error).message}`, { cause: err });
    }
  }
  return md;
}

function tagsOf(v: unknown): Record<string, string> | undefined {
  const o = asObject(v, 'tags');
  const out: Record<string, string> = {};
  let any = false;
  for (const [k, val] of Object.entries(o)) {
    if (val !== null && typeof val === 'object') throw new Error(`invalid tag "${k}": tag values must be strings`);
    out[k] = String(val);
    any = true;
  }
  return any ? out : undefined;
}

/** The Params of invoke()/asyncInvoke()/new Stream(). `defaultTimeoutMs` undefined: no deadline unless given. */
export function parseCallParams(v: unknown, defaultTimeoutMs: number | undefined): CallParams {
  const o = asObject(v, 'params');
  const p: CallParams = { metadata: new (grpcJs().Metadata)(), tags: undefined, timeoutMs: defaultTimeoutMs, discardResponseMessage: false };
  for (const [k, val] of Object.entries(o)) {
    switch (k) {
      case 'metadata': p.metadata = metadataOf(val); break;
      case 'tags': p.tags = tagsOf(val); break;
      case 'timeout': { const ms = timeoutOf(val); p.timeoutMs = ms === 0 ? undefined : ms; break; }
      case 'discardResponseMessage': p.discardResponseMessage = bool(val, k); break;
      case 'authority': p.authority = String(val); break;
      default: throw new Error(`unknown param: "${k}"`);
    }
  }
  return p;
}
