/**
 * The script every page of a browser context runs before its own: Google's
 * web-vitals library (the npm package's IIFE build, no CDN) and a reporter
 * that hands each value to the binding the context exposes. Every change is
 * reported (reportAllChanges); vu-browser.ts keeps the last value of each
 * vital per page view and emits it when the page is left or closed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The binding the reporter calls: (report) → void. */
export const VITALS_BINDING = '__stampedeWebVital';

let script: string | undefined;

export function webVitalsScript(): string {
  if (script !== undefined) return script;
  // the package exports its ES and UMD builds; the IIFE build sits beside them
  const umd = createRequire(import.meta.url).resolve('web-vitals');
  const library = readFileSync(path.join(path.dirname(umd), 'web-vitals.iife.js'), 'utf8');
  script = `${library}
;(() => {
  const send = (m) => { try { window.${VITALS_BINDING}({ name: m.name, value: m.value, rating: m.rating, url: location.href }); } catch (e) {} };
  for (const f of ['onCLS', 'onFCP', 'onLCP', 'onINP', 'onTTFB', 'onFID']) {
    if (typeof webVitals[f] === 'function') webVitals[f](send, { reportAllChanges: true });
  }
})();`;
  return script;
}

/**
 * Run in a page before it is left: the page turns hidden, so the library
 * reports its final LCP, CLS and INP (k6 does the same with pagehide).
 */
export const HIDE_PAGE = `(() => {
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
})()`;
