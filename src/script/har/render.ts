/**
 * The k6 script text of a selection: one group() per page with the
 * recorded pause before it (sleep), each request with its headers (less
 * the ones the runtime sets, and cookies, left to the cookie jar) and body,
 * a check on its recorded status, the recorded origin lifted into
 * BASE_URL, and the correlated values as variables. Plain k6: it runs in
 * k6 as it runs in Stampede.
 */
import type { HarEntry } from './har-types.ts';
import type { Selection } from './select.ts';
import type { Correlation, Extraction } from './correlate.ts';

export interface RenderOptions {
  /** where the recording came from, for the header comment */
  source: string;
  creator?: string;
  ts: boolean;
}

/** Headers the runtime sets itself or the cookie jar sends; HTTP/2 pseudo-headers. */
const DROPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'cookie', 'accept-encoding', 'user-agent', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection']);

const METHODS: Record<string, string> = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'del', HEAD: 'head', OPTIONS: 'options' };

export function renderScript(sel: Selection, correlation: Correlation | undefined, opts: RenderOptions): string {
  const requests = sel.pages.reduce((n, p) => n + p.entries.length, 0);
  const extractions = correlation ? [...correlation.values()].flat() : [];
  const skipped = [
    sel.skippedStatic > 0 ? `${sel.skippedStatic} static assets (--no-static)` : '',
    sel.skippedHosts.size > 0 ? `${[...sel.skippedHosts.values()].reduce((a, b) => a + b, 0)} requests to other hosts (${[...sel.skippedHosts.entries()].map(([h, n]) => `${h} ×${n}`).join(', ')}; --only HOST keeps them)` : '',
  ].filter(Boolean);
  const lines: string[] = [
    `// Converted by \`stampede convert\` from ${opts.source}${opts.creator ? ` (recorded with ${opts.creator})` : ''}:`,
    `// ${sel.pages.length} page(s), ${requests} request(s)${extractions.length > 0 ? `, ${extractions.length} value(s) correlated` : ''}.${skipped.length > 0 ? ` Skipped: ${skipped.join('; ')}.` : ''}`,
    `// Run it with k6 or Stampede; BASE_URL=https://… points it at another deployment.`,
    `import http from 'k6/http';`,
    `import { check, group, sleep } from 'k6';`,
    '',
    `const BASE_URL = __ENV.BASE_URL || ${JSON.stringify(sel.origin)};`,
    '',
    'export const options = {',
    '  vus: 1,',
    '  iterations: 1,',
    '};',
    '',
    'export default function () {',
    '  let res;',
  ];
  if (extractions.length > 0) lines.push(`  // values the responses produce, sent by later requests (--correlate)`, ...extractions.map((x) => `  let ${x.name};`));
  // every correlated value is replaced from the request after its response on
  const active: Extraction[] = [];
  sel.pages.forEach((page, i) => {
    lines.push('');
    if (i > 0 && page.thinkMs > 0) lines.push(`  sleep(${(page.thinkMs / 1000).toFixed(2).replace(/\.?0+$/, '')});`, '');
    lines.push(`  group(${JSON.stringify(page.title)}, function () {`);
    for (const e of page.entries) {
      lines.push(...renderRequest(e, sel.origin, active).map((l) => `    ${l}`));
      for (const x of correlation?.get(e) ?? []) {
        lines.push(`    ${x.name} = ${x.expression};`);
        active.push(x);
      }
    }
    lines.push('  });');
  });
  lines.push('}', '');
  return lines.join('\n');
}

function renderRequest(e: HarEntry, origin: string, active: readonly Extraction[]): string[] {
  const { method, url, headers, postData } = e.request;
  const target = template(url, origin, active);
  const kept = headers.filter((h) => !h.name.startsWith(':') && !DROPPED_HEADERS.has(h.name.toLowerCase()));
  const params: string[] = [];
  if (kept.length > 0) {
    params.push('headers: {', ...kept.map((h) => `  ${JSON.stringify(h.name)}: ${template(h.value, origin, active)},`), '},');
  }
  // a recorded redirect is replayed as recorded: the next entry is its target
  const redirect = e.response.status >= 300 && e.response.status < 400;
  if (redirect) params.push('redirects: 0,');
  const paramsText = params.length > 0 ? `{\n${params.map((p) => `    ${p}`).join('\n')}\n  }` : '';
  const body = postData?.text !== undefined && postData.text !== '' ? template(postData.text, origin, active) : method === 'GET' || method === 'HEAD' ? undefined : 'null';
  const fn = METHODS[method];
  const args = fn === undefined
    ? [JSON.stringify(method), target, body ?? 'null', ...(paramsText ? [paramsText] : [])]
    : fn === 'get' || fn === 'head'
      ? [target, ...(paramsText ? [paramsText] : [])]
      : [target, body ?? 'null', ...(paramsText ? [paramsText] : [])];
  const call = `res = http.${fn ?? 'request'}(${args.join(', ')});`;
  const label = `${method} ${pathOf(url)}`;
  return [
    ...call.split('\n'),
    `check(res, { ${JSON.stringify(`${label}: status ${e.response.status}`)}: (r) => r.status === ${e.response.status} });`,
  ];
}

/**
 * A JavaScript template literal of `text`: the recorded origin becomes
 * ${BASE_URL}, each correlated value its variable; everything else as recorded.
 */
function template(text: string, origin: string, active: readonly Extraction[]): string {
  type Piece = string | { name: string };
  let pieces: Piece[] = [text];
  const cut = (needle: string, name: string) => {
    pieces = pieces.flatMap((p) => (typeof p !== 'string' ? [p] : p.split(needle).flatMap((part, i): Piece[] => (i === 0 ? [part] : [{ name }, part]))));
  };
  cut(origin, 'BASE_URL');
  for (const x of active) cut(x.value, x.name);
  // line breaks escaped too: a body stays on its line, so indenting the script never changes it
  const escape = (t: string) => t.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  return `\`${pieces.map((p) => (typeof p === 'string' ? escape(p) : `\${${p.name}}`)).join('')}\``;
}

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}
