/**
 * The HTTP GET the Prometheus and HTTP probes share: one undici Agent per
 * probe (so its TLS settings apply to it alone), `user:pass@` in the URL
 * turned into an `Authorization: Basic` header and taken out of the URL,
 * every request bounded by the probe's timeout and the caller's signal, and
 * failures as one-line errors that quote the URL without its secrets and
 * never a header's value.
 */
import { Agent, request } from 'undici';
import { redactSecrets } from '../../lib/index.ts';
import type { ProbeTls } from '../types.ts';

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface HttpGetter {
  /** the URL without its userinfo */
  readonly url: URL;
  /** `url` as errors quote it: no userinfo, secret query parameters masked */
  readonly shownUrl: string;
  /** GETs `url` (the getter's URL when omitted); rejects on a network error or timeout, never on a status. */
  get(signal: AbortSignal, url?: URL): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** Answers larger than this are refused: a probe reads one number, not a data dump. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** `url` without its userinfo, and the Basic header it asked for (if any). Throws on a URL that is not http(s). */
export function splitUserinfo(text: string): { url: URL; basic?: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`not a URL: ${redactSecrets(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`expected an http:// or https:// URL, got ${url.protocol}// (${redactSecrets(text)})`);
  }
  if (url.username === '' && url.password === '') return { url };
  const credentials = `${decode(url.username)}:${decode(url.password)}`;
  url.username = '';
  url.password = '';
  return { url, basic: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** Percent-decoded userinfo; a stray `%` (`50%off`) is taken as written. */
function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A URL for messages: `redactSecrets` leaves `user@` (no password) alone, so drop userinfo first. */
export function showUrl(url: URL): string {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  return redactSecrets(copy.toString());
}

export function openHttpGetter(opts: { url: string; headers?: Record<string, string>; tls?: ProbeTls; timeoutMs: number }): HttpGetter {
  const { url, basic } = splitUserinfo(opts.url);
  const shownUrl = showUrl(url);
  const headers: Record<string, string> = {};
  if (basic !== undefined) headers.authorization = basic;
  // the spec's own headers win over the URL's credentials; names are case-insensitive
  for (const [name, value] of Object.entries(opts.headers ?? {})) headers[name.toLowerCase()] = value;
  const timeoutMs = opts.timeoutMs;
  const agent = new Agent({
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connections: 2,
    connect: {
      timeout: timeoutMs,
      ...(opts.tls?.ca !== undefined ? { ca: opts.tls.ca } : {}),
      rejectUnauthorized: opts.tls?.insecureSkipVerify !== true,
    },
  });

  async function get(signal: AbortSignal, target: URL = url): Promise<HttpAnswer> {
    const shown = target === url ? shownUrl : showUrl(target);
    const timeout = AbortSignal.timeout(timeoutMs);
    const both = AbortSignal.any([signal, timeout]);
    try {
      const res = await request(target, { method: 'GET', headers, dispatcher: agent, signal: both });
      const declared = Number(res.headers['content-length']);
      if (declared > MAX_BODY_BYTES) {
        res.body.destroy();
        throw new Error(`GET ${shown}: the answer is ${declared} bytes, more than a probe reads (${MAX_BODY_BYTES})`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          res.body.destroy();
          throw new Error(`GET ${shown}: the answer is more than ${MAX_BODY_BYTES} bytes, more than a probe reads`);
        }
        chunks.push(chunk);
      }
      const type = res.headers['content-type'];
      return { status: res.statusCode, contentType: String(Array.isArray(type) ? type[0] : type ?? ''), body: Buffer.concat(chunks).toString('utf8') };
    } catch (err) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(`GET ${shown}: aborted`);
      if (timeout.aborted || isTimeout(err)) throw new Error(`GET ${shown}: no answer within ${timeoutMs} ms`);
      if ((err as Error).message?.startsWith(`GET ${shown}:`)) throw err;
      throw new Error(`GET ${shown}: ${networkMessage(err)}`);
    }
  }

  return {
    url: new URL(url),
    shownUrl,
    get,
    async close() { await agent.close().catch(() => {}); },
  };
}

function isTimeout(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

const CERT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME/;

/** A network error as one line (`connect ECONNREFUSED 127.0.0.1:9090`), with a hint for certificate errors. */
function networkMessage(err: unknown): string {
  const e = err as { message?: string; code?: string; cause?: { message?: string; code?: string } };
  // Node's own advice (`--use-system-ca`) is about its command line, not a probe's options
  const message = (e.cause?.message ?? e.message ?? String(err)).replace(/; if the root CA is installed locally.*$/, '');
  const code = e.cause?.code ?? e.code;
  let line = `${message}${code && !message.includes(code) ? ` (${code})` : ''}`;
  if (code !== undefined && CERT_CODES.test(code)) line += ': set tls.ca to the PEM of the CA that signed the server\'s certificate, or tls.insecureSkipVerify';
  return redactSecrets(line);
}
