/**
 * cheerio, loaded on first use: most scripts never parse HTML, and every
 * worker would otherwise pay for the parser and selector engine at start.
 */
import { createRequire } from 'node:module';
import type * as Cheerio from 'cheerio';

let cheerio: typeof Cheerio | undefined;

export function loadCheerio(): typeof Cheerio {
  cheerio ??= createRequire(import.meta.url)('cheerio') as typeof Cheerio;
  return cheerio;
}
