/**
 * `stampede convert recording.har`: a HAR 1.2 recording (Chromium/DevTools,
 * Firefox, Playwright's recordHar) as a readable k6 script (parse.ts reads
 * and checks it, select.ts keeps and groups the requests, correlate.ts finds
 * values to extract, render.ts writes the script).
 */
import { parseHar } from './parse.ts';
import { selectEntries, type SelectOptions } from './select.ts';
import { correlate } from './correlate.ts';
import { renderScript } from './render.ts';

export interface ConvertOptions extends SelectOptions {
  correlate?: boolean;
  ts?: boolean;
  /** the recording's name, for errors and the script's header */
  source: string;
}

export interface Converted {
  script: string;
  pages: number;
  requests: number;
  correlated: number;
  skippedStatic: number;
  skippedOtherHosts: number;
}

export function convertHar(text: string, opts: ConvertOptions): Converted {
  const har = parseHar(text, opts.source);
  const selection = selectEntries(har, opts);
  const entries = selection.pages.flatMap((p) => p.entries);
  const correlation = opts.correlate ? correlate(entries) : undefined;
  return {
    script: renderScript(selection, correlation, { source: opts.source, creator: har.creator, ts: opts.ts === true }),
    pages: selection.pages.length,
    requests: entries.length,
    correlated: correlation ? [...correlation.values()].flat().length : 0,
    skippedStatic: selection.skippedStatic,
    skippedOtherHosts: [...selection.skippedHosts.values()].reduce((a, b) => a + b, 0),
  };
}
