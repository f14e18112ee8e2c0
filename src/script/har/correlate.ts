/**
 * --correlate: a value a response produced (a token in JSON, a hidden form
 * field or a csrf meta tag in HTML, an id in a Location header) that a
 * later request sends is extracted into a variable after that response,
 * and the later requests send the variable instead of the recorded value,
 * which would be stale on the next run.
 */
import type { HarEntry } from './har-types.ts';

export interface Extraction {
  /** the variable the script assigns */
  name: string;
  /** the recorded value it replaces in later requests */
  value: string;
  /** a k6 expression over the response `res` that yields it */
  expression: string;
}

/** Extractions to make after each entry's response. */
export type Correlation = Map<HarEntry, Extraction[]>;

/** A value worth correlating: long enough and token-like (not a word, a number or a MIME type). */
const TOKEN = /^[A-Za-z0-9._~+/=:-]{8,}$/;

export function correlate(entries: readonly HarEntry[]): Correlation {
  const out: Correlation = new Map();
  const used = new Set<string>();
  const requestTexts = entries.map(requestText);
  const taken = new Set<string>();
  entries.forEach((e, i) => {
    for (const c of candidates(e)) {
      if (taken.has(c.value)) continue;
      // it must come from this response: sent later, never before (nor in this very request)
      if (requestTexts.slice(0, i + 1).some((t) => t.includes(c.value))) continue;
      if (!requestTexts.slice(i + 1).some((t) => t.includes(c.value))) continue;
      taken.add(c.value);
      const name = uniqueName(c.name, used);
      (out.get(e) ?? out.set(e, []).get(e)!).push({ name, value: c.value, expression: c.expression });
    }
  });
  return out;
}

/** Everything a request sends, as one text to search. */
function requestText(e: HarEntry): string {
  return [e.request.url, ...e.request.headers.map((h) => h.value), e.request.postData?.text ?? ''].join('\n');
}

interface Candidate { name: string; value: string; expression: string }

function candidates(e: HarEntry): Candidate[] {
  const out: Candidate[] = [];
  const body = bodyText(e);
  const mime = e.response.content?.mimeType ?? '';
  if (body && /json/.test(mime)) {
    try { walkJson(JSON.parse(body), [], out); } catch { /* not JSON after all */ }
  }
  if (body && /html/.test(mime)) {
    for (const m of body.matchAll(/<input\b[^>]*>/gi)) {
      const tag = m[0];
      if (!/type\s*=\s*["']?hidden/i.test(tag)) continue;
      const name = attr(tag, 'name');
      const value = attr(tag, 'value');
      if (name && value && TOKEN.test(value)) out.push({ name, value, expression: `res.html().find('input[name="${name}"]').attr('value')` });
    }
    for (const m of body.matchAll(/<meta\b[^>]*>/gi)) {
      const name = attr(m[0], 'name');
      const value = attr(m[0], 'content');
      if (name && /csrf|token/i.test(name) && value && TOKEN.test(value)) out.push({ name, value, expression: `res.html().find('meta[name="${name}"]').attr('content')` });
    }
  }
  const location = e.response.headers.find((h) => h.name.toLowerCase() === 'location')?.value;
  if (location) {
    // split the header as sent (absolute or not): k6 has no URL global to parse it
    const segments = location.split(/[?#]/)[0].split('/');
    segments.forEach((segment, k) => {
      if (k > 0 && /^(\d{3,}|[0-9a-f-]{8,}|[a-z]+_[A-Za-z0-9]{4,})$/i.test(segment)) {
        out.push({ name: `${segments[k - 1] || 'location'}Id`, value: segment, expression: `res.headers['Location'].split(/[?#]/)[0].split('/')[${k}]` });
      }
    });
  }
  return out;
}

function walkJson(v: unknown, path: string[], out: Candidate[]): void {
  if (typeof v === 'string') {
    if (TOKEN.test(v) && path.length > 0) out.push({ name: path[path.length - 1], value: v, expression: `res.json(${JSON.stringify(path.join('.'))})` });
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => walkJson(x, [...path, String(i)], out));
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (/^[\w-]+$/.test(k)) walkJson(x, [...path, k], out);
  }
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)?.slice(1).find((x) => x !== undefined);
}

export function bodyText(e: HarEntry): string | undefined {
  const c = e.response.content;
  if (!c?.text) return undefined;
  return c.encoding === 'base64' ? Buffer.from(c.text, 'base64').toString('utf8') : c.text;
}

/** A JavaScript identifier from a key, unique in the script: refresh_token → refreshToken, refreshToken2 … */
function uniqueName(key: string, used: Set<string>): string {
  let base = key.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^[^A-Za-z_$]+/, '');
  if (base) base = base[0].toLowerCase() + base.slice(1);
  if (!base || RESERVED.has(base)) base = `value${base ? base[0].toUpperCase() + base.slice(1) : ''}`;
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}${n}`;
  used.add(name);
  return name;
}

/** The script's own names, JavaScript's reserved words and the globals a k6 script uses. */
const RESERVED = new Set([
  'res', 'http', 'check', 'group', 'sleep', 'options',
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends',
  'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null', 'package',
  'private', 'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void',
  'while', 'with', 'yield', 'await', 'async', 'arguments', 'eval', 'undefined', 'open', 'console',
]);
