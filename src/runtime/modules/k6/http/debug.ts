/**
 * `--http-debug`: each round trip's request and response in k6's dump style
 * (`Request:\nGET /path HTTP/1.1\nHost: …`), headers only or, with 'full',
 * bodies too. Only ever called when the flag is on.
 */
import { canonicalHeaderName, MAX_TEXT_BODY_BYTES, type HttpResult } from '../../../../http/index.ts';

function sortedLines(pairs: [string, string][]): string {
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let s = '';
  for (const [k, v] of pairs) s += `${k}: ${v}\n`;
  return s;
}

/** The request of one hop, as k6 prints it. */
export function dumpRequest(hop: HttpResult, full: boolean): string {
  let target = hop.url;
  let host = '';
  try {
    const u = new URL(hop.url);
    target = u.pathname + u.search;
    host = u.host;
  } catch { /* an invalid URL is printed as given */ }
  const flat = hop.request.flatHeaders;
  const pairs: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([canonicalHeaderName(flat[i]), flat[i + 1]]);
  let s = `Request:\n${hop.method} ${target} HTTP/1.1\nHost: ${host}\n${sortedLines(pairs)}\n`;
  if (full) s += hop.request.body;
  return `${s}\n`;
}

/** The response of one hop as k6 prints it; undefined when no response arrived. */
export function dumpResponse(hop: HttpResult, full: boolean): string | undefined {
  if (hop.status === 0) return undefined;
  const headers = hop.headers;
  const pairs: [string, string][] = Object.keys(headers).map((k) => [k, headers[k]]);
  let s = `Response:\n${hop.proto} ${hop.statusText}\n${sortedLines(pairs)}\n`;
  if (full) {
    const body = hop.bodyBytes;
    if (body !== null) s += body.length > MAX_TEXT_BODY_BYTES ? `[${body.length} bytes of body: too large to print]` : body.toString('utf8');
  }
  return `${s}\n`;
}
