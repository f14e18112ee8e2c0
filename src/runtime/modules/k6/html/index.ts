/**
 * `k6/html`: parseHTML(text) → Selection, the same thing Response.html()
 * returns. The parser (cheerio) loads on first use.
 */
import { loadCheerio } from './load.ts';
import { Selection } from './selection.ts';

export { Selection } from './selection.ts';
export { Element } from './element.ts';

/** Parses a whole document; the Selection holds its root. */
export function parseHTML(source: string): Selection {
  const $ = loadCheerio().load(String(source ?? ''));
  return new Selection($, $.root());
}

export function createHtmlModule(): Record<string, unknown> {
  const api = { parseHTML };
  return { ...api, default: api };
}
