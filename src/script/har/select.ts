/**
 * Which recorded requests become script requests, and how they group into
 * pages: the main origin's (the first document's) unless --only / --skip
 * say otherwise, static assets out with --no-static, one group per HAR
 * page (Playwright and DevTools record them; else one per document
 * navigation), and the think time between pages from the recording.
 */
import type { Har, HarEntry } from './har-types.ts';

export interface SelectOptions {
  /** hosts to keep (host or host:port); default: the main origin's host */
  only?: string[];
  /** hosts to drop */
  skip?: string[];
  /** drop images, stylesheets, scripts, fonts and media */
  noStatic?: boolean;
  /** the longest pause kept between pages, ms */
  maxThinkMs: number;
}

export interface PageGroup {
  title: string;
  entries: HarEntry[];
  /** the recorded pause before this page, capped (0 for the first) */
  thinkMs: number;
}

export interface Selection {
  /** the main origin (scheme://host:port), lifted into BASE_URL */
  origin: string;
  pages: PageGroup[];
  skippedStatic: number;
  skippedHosts: Map<string, number>;
}

const STATIC_TYPES = new Set(['image', 'stylesheet', 'script', 'font', 'media', 'manifest', 'texttrack', 'other-static']);
const STATIC_EXTENSIONS = /\.(png|jpe?g|gif|webp|avif|svg|ico|css|js|mjs|map|woff2?|ttf|otf|eot|mp4|webm|mp3|ogg)$/i;

export function isStatic(e: HarEntry): boolean {
  if (e._resourceType) return STATIC_TYPES.has(e._resourceType);
  const mime = e.response.content?.mimeType ?? '';
  if (/^(image|font|audio|video)\/|css|javascript/.test(mime)) return true;
  return STATIC_EXTENSIONS.test(new URL(e.request.url).pathname);
}

function isDocument(e: HarEntry): boolean {
  if (e._resourceType) return e._resourceType === 'document';
  return e.request.method === 'GET' && /text\/html/.test(e.response.content?.mimeType ?? '');
}

export function selectEntries(har: Har, opts: SelectOptions): Selection {
  const first = har.entries.find(isDocument) ?? har.entries[0];
  const origin = first ? new URL(first.request.url).origin : 'http://127.0.0.1';
  const mainHost = new URL(origin).host;
  const keepHost = (host: string) => {
    if (opts.skip?.some((h) => hostMatches(host, h))) return false;
    return opts.only && opts.only.length > 0 ? opts.only.some((h) => hostMatches(host, h)) : host === mainHost;
  };
  const skippedHosts = new Map<string, number>();
  let skippedStatic = 0;
  const kept: HarEntry[] = [];
  for (const e of har.entries) {
    const host = new URL(e.request.url).host;
    if (!keepHost(host)) { skippedHosts.set(host, (skippedHosts.get(host) ?? 0) + 1); continue; }
    if (opts.noStatic && isStatic(e)) { skippedStatic++; continue; }
    kept.push(e);
  }
  return { origin, pages: groupPages(har, kept, opts.maxThinkMs), skippedStatic, skippedHosts };
}

function hostMatches(host: string, wanted: string): boolean {
  const w = wanted.toLowerCase();
  return host.toLowerCase() === w || host.toLowerCase().split(':')[0] === w;
}

/**
 * A group per page view: a new one at each HAR page (Playwright and DevTools
 * record one per tab, titled) and at each later document request within it
 * (a navigation in the same tab).
 */
function groupPages(har: Har, entries: HarEntry[], maxThinkMs: number): PageGroup[] {
  const groups: { title: string; entries: HarEntry[]; startedAt: number; pageref?: string }[] = [];
  // a page's title names its view only when the page has one (Playwright keeps a tab's last title for all its navigations)
  const documentsOf = new Map<string, number>();
  for (const e of entries) if (e.pageref && isDocument(e)) documentsOf.set(e.pageref, (documentsOf.get(e.pageref) ?? 0) + 1);
  for (const e of entries) {
    const current = groups[groups.length - 1];
    const page = e.pageref ? har.pages.find((p) => p.id === e.pageref) : undefined;
    const newPage = !current || (e.pageref !== undefined && e.pageref !== current.pageref);
    const navigation = current !== undefined && isDocument(e) && current.entries.length > 0;
    if (newPage || navigation) {
      const firstOfPage = newPage && page !== undefined;
      groups.push({
        title: firstOfPage && page.title && (documentsOf.get(page.id) ?? 0) <= 1 ? page.title : pathOf(e.request.url),
        entries: [], pageref: e.pageref,
        startedAt: firstOfPage ? Date.parse(page.startedDateTime) || Date.parse(e.startedDateTime) : Date.parse(e.startedDateTime),
      });
    }
    groups[groups.length - 1].entries.push(e);
  }
  return groups.map((g, i) => {
    // the pause the user took: from the end of the previous page's last request to this page's start
    const prev = groups[i - 1];
    const prevEnd = prev ? Math.max(...prev.entries.map((e) => Date.parse(e.startedDateTime) + (e.time ?? 0))) : NaN;
    const gap = prev && Number.isFinite(prevEnd) && Number.isFinite(g.startedAt) ? g.startedAt - prevEnd : 0;
    return { title: g.title, entries: g.entries, thinkMs: Math.max(0, Math.min(maxThinkMs, Math.round(gap))) };
  });
}

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}
