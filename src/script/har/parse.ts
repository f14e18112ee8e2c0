/**
 * Reads a HAR 1.2 file (Chromium/Chrome DevTools, Firefox, Playwright's
 * recordHar) and checks the fields a conversion needs; a malformed file is
 * one clear error naming the entry and the field.
 */
import { ScriptError } from '../../errors/index.ts';
import type { Har, HarEntry, HarHeader, HarPage } from './har-types.ts';

/** Parses `text` (the file named `label`) into the HAR a conversion reads. */
export function parseHar(text: string, label: string): Har {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ScriptError('E_HAR_JSON', `${label} is not JSON: ${(err as Error).message}`, { hint: 'export the recording as HAR (DevTools: Network → Export HAR; Playwright: recordHar)' });
  }
  const log = (doc as { log?: unknown })?.log as Record<string, unknown> | undefined;
  if (!log || typeof log !== 'object') throw harError(label, 'log', 'missing: this is not a HAR file');
  if (!Array.isArray(log.entries)) throw harError(label, 'log.entries', 'missing or not a list');
  const pages = Array.isArray(log.pages) ? (log.pages as unknown[]).map((p, i) => page(p, i, label)) : [];
  const entries = (log.entries as unknown[]).map((e, i) => entry(e, i, label));
  const creator = (log.creator as { name?: unknown } | undefined)?.name;
  return { pages, entries, creator: typeof creator === 'string' ? creator : undefined };
}

function harError(label: string, at: string, problem: string): ScriptError {
  return new ScriptError('E_HAR_FORMAT', `${label}: ${at}: ${problem}`, { hint: 'the file must be HAR 1.2 (log.entries[].request / response)' });
}

function page(raw: unknown, i: number, label: string): HarPage {
  const p = raw as Record<string, unknown>;
  if (!p || typeof p.id !== 'string') throw harError(label, `log.pages[${i}].id`, 'missing');
  return { id: p.id, title: typeof p.title === 'string' ? p.title : undefined, startedDateTime: typeof p.startedDateTime === 'string' ? p.startedDateTime : '' };
}

function headers(raw: unknown, at: string, label: string): HarHeader[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw harError(label, at, 'not a list of { name, value }');
  return raw.map((h, j) => {
    const hh = h as Record<string, unknown>;
    if (typeof hh?.name !== 'string') throw harError(label, `${at}[${j}].name`, 'missing');
    return { name: hh.name, value: typeof hh.value === 'string' ? hh.value : String(hh.value ?? '') };
  });
}

function entry(raw: unknown, i: number, label: string): HarEntry {
  const at = `log.entries[${i}]`;
  const e = raw as Record<string, unknown>;
  if (!e || typeof e !== 'object') throw harError(label, at, 'not an object');
  const req = e.request as Record<string, unknown> | undefined;
  const res = e.response as Record<string, unknown> | undefined;
  if (!req || typeof req !== 'object') throw harError(label, `${at}.request`, 'missing');
  if (typeof req.method !== 'string' || req.method === '') throw harError(label, `${at}.request.method`, 'missing');
  if (typeof req.url !== 'string') throw harError(label, `${at}.request.url`, 'missing');
  try { new URL(req.url); } catch { throw harError(label, `${at}.request.url`, `not a URL: ${JSON.stringify(req.url).slice(0, 80)}`); }
  if (!res || typeof res !== 'object') throw harError(label, `${at}.response`, 'missing');
  if (typeof res.status !== 'number') throw harError(label, `${at}.response.status`, 'missing or not a number');
  const post = req.postData as Record<string, unknown> | undefined;
  const content = res.content as Record<string, unknown> | undefined;
  return {
    pageref: typeof e.pageref === 'string' ? e.pageref : undefined,
    startedDateTime: typeof e.startedDateTime === 'string' ? e.startedDateTime : '',
    time: typeof e.time === 'number' ? e.time : undefined,
    request: {
      method: req.method.toUpperCase(), url: req.url, headers: headers(req.headers, `${at}.request.headers`, label),
      postData: post && typeof post === 'object' ? {
        mimeType: typeof post.mimeType === 'string' ? post.mimeType : undefined,
        text: typeof post.text === 'string' ? post.text : undefined,
        params: Array.isArray(post.params) ? (post.params as HarEntry['request']['postData'] & object)['params'] : undefined,
      } : undefined,
    },
    response: {
      status: res.status, headers: headers(res.headers, `${at}.response.headers`, label),
      content: content && typeof content === 'object' ? { mimeType: str(content.mimeType), text: str(content.text), encoding: str(content.encoding) } : undefined,
      redirectURL: str(res.redirectURL),
    },
    _resourceType: str(e._resourceType),
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
