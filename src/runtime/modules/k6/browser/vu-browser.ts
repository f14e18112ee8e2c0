/**
 * One VU's `browser` (k6/browser): at most one browser context at a time,
 * as in k6, in the worker's shared Chromium; the context still open when
 * an iteration ends is closed then (each iteration starts clean). Every
 * context reports web vitals and request metrics for its pages.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page, Request } from 'playwright-core';
import type { VuRuntime } from '../../../vu-runtime.ts';
import { sharedBrowser, browserVersion, currentSettings } from './launcher.ts';
import { applyK6Behaviour, goDuration } from './k6-behaviour.ts';
import { webVitalsScript, VITALS_BINDING, HIDE_PAGE } from './web-vitals-script.ts';
import { emitRequest, emitVitals, type MetricHandler, type VitalReport } from './metrics.ts';
import { onBeforeFinalFlush } from '../../../worker-hooks.ts';
import { withTimeout } from '../../../../lib/index.ts';

/** What the VU knows of each page it opened: the current view's vitals and its metric groupings. */
interface PageState {
  /** last report of each vital, by "url name" */
  vitals: Map<string, VitalReport>;
  handlers: MetricHandler[];
}

/** How long a closing page may take to report its last web vitals. */
const LEAVE_PAGE_MS = 1000;

/** Contexts of every VU of this worker that are still closing (worker-wide, like the browser itself). */
const CLOSING = new Set<Promise<void>>();
onBeforeFinalFlush(() => Promise.all([...CLOSING]).then(() => {}));

const NOT_A_BROWSER_SCENARIO = 'browser not found in registry. make sure to set browser type option in scenario definition in order to use the browser module';

export class VuBrowser {
  readonly #vu: VuRuntime;
  #context: BrowserContext | undefined;
  /** the previous iteration's context, still closing */
  #closing: Promise<void> | undefined;
  readonly #pages = new Map<Page, PageState>();
  /** request metrics being read (sizes come asynchronously): awaited before a context closes */
  readonly #pending = new Set<Promise<void>>();
  #connected: Browser | undefined;

  constructor(vu: VuRuntime) {
    this.#vu = vu;
  }

  /** k6's `browser` object for this VU. */
  api(): Record<string, unknown> {
    return {
      newContext: (options?: Record<string, unknown>) => this.newContext(options),
      newPage: async (options?: Record<string, unknown>) => {
        if (this.#context) throw new Error('new page: existing browser context must be closed before creating a new one');
        const context = await this.newContext(options);
        return context.newPage();
      },
      context: () => this.#context ?? null,
      closeContext: async () => {
        if (!this.#context) throw new Error('cannot close context as none is active in browser');
        await this.#context.close();
      },
      isConnected: () => this.#connected?.isConnected() ?? false,
      version: () => browserVersion(),
      // what a new context presents by default; k6 drops "Headless" from it as well
      userAgent: () => `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browserVersion()} Safari/537.36`,
    };
  }

  async newContext(options?: Record<string, unknown>): Promise<BrowserContext> {
    this.#requireBrowserScenario();
    if (this.#context) throw new Error('existing browser context must be closed before creating a new one');
    await this.#closing;
    const browser = await sharedBrowser();
    this.#connected = browser;
    const context = await browser.newContext(contextOptions(options));
    this.#context = context;
    await this.#instrument(context);
    return context;
  }

  /** The iteration is over: its context closes (its last vitals and requests are counted first). */
  endIteration(): void {
    const context = this.#context;
    if (!context) return;
    this.#context = undefined;
    const closing = context.close().catch(() => {});
    this.#closing = closing;
    // the worker's final flush waits for it: a closing context still emits its pages' last vitals and requests
    CLOSING.add(closing);
    void closing.finally(() => CLOSING.delete(closing));
  }

  /** The VU closes: whatever it still holds. */
  async close(): Promise<void> {
    this.endIteration();
    await this.#closing;
  }

  #requireBrowserScenario(): void {
    const { scenario } = this.#vu.state;
    const config = this.#vu.options.scenarioConfigs?.find((s) => s.name === scenario);
    const browser = config?.options?.browser as { type?: unknown } | undefined;
    if (browser?.type !== 'chromium') throw new Error(NOT_A_BROWSER_SCENARIO);
  }

  async #instrument(context: BrowserContext): Promise<void> {
    await context.exposeBinding(VITALS_BINDING, (source: { page: Page }, report: VitalReport) => this.#vital(source.page, report));
    await context.addInitScript({ content: webVitalsScript() });
    context.setDefaultTimeout(30_000);
    context.on('page', (page) => this.#watchPage(page));
    context.on('requestfinished', (request) => this.#track(this.#request(request, true)));
    context.on('requestfailed', (request) => this.#track(this.#request(request, false)));
    context.on('close', () => { if (this.#context === context) this.#context = undefined; });
    const close = context.close.bind(context);
    // k6 counts a page's last vitals when it is closed: so does closing its context
    context.close = async (closeOptions?: Parameters<BrowserContext['close']>[0]) => {
      if (this.#context === context) this.#context = undefined;
      await Promise.all(context.pages().map((p) => this.#leavePage(p)));
      await Promise.all([...this.#pending]);
      await close(closeOptions);
    };
    // newPage(): K6_BROWSER_TIMEOUT bounds opening a page
    const newPage = context.newPage.bind(context);
    context.newPage = () => within(newPage(), currentSettings().timeoutMs, 'creating a new page');
  }

  #watchPage(page: Page): void {
    applyK6Behaviour(page);
    const state: PageState = { vitals: new Map(), handlers: [] };
    this.#pages.set(page, state);
    const close = page.close.bind(page);
    page.close = async (closeOptions?: Parameters<Page['close']>[0]) => {
      await this.#leavePage(page);
      await close(closeOptions);
    };
    // k6's page.on('metric'): groupings of URLs into one name; every other event is Playwright's
    const on = page.on.bind(page) as (event: string, handler: (...args: unknown[]) => void) => Page;
    (page as unknown as { on: (event: string, handler: (...args: unknown[]) => void) => Page }).on = (event, handler) => {
      if (event === 'metric') { state.handlers.push(handler as MetricHandler); return page; }
      return on(event, handler);
    };
    // a new document is a new page view: the vitals of the one before are final
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame()) return;
      const before = [...state.vitals.values()].filter((v) => v.url !== frame.url());
      for (const v of before) state.vitals.delete(`${v.url} ${v.name}`);
      emitVitals(this.#vu, before, state.handlers);
    });
    page.on('close', () => { this.#emitPage(page); this.#pages.delete(page); });
  }

  #vital(page: Page, report: VitalReport): void {
    const state = this.#pages.get(page);
    if (!state || typeof report?.name !== 'string') return;
    state.vitals.set(`${report.url} ${report.name}`, report);
  }

  /** The page turns hidden (the library reports its final values), then its vitals are emitted. */
  async #leavePage(page: Page): Promise<void> {
    // bounded: a page still navigating (one that never loads) may not run scripts at all
    if (!page.isClosed()) await within(page.evaluate(HIDE_PAGE), LEAVE_PAGE_MS, 'flushing web vitals').catch(() => {});
    this.#emitPage(page);
  }

  #emitPage(page: Page): void {
    const state = this.#pages.get(page);
    if (!state) return;
    emitVitals(this.#vu, state.vitals.values(), state.handlers);
    state.vitals.clear();
  }

  #track(p: Promise<void>): void {
    this.#pending.add(p);
    void p.finally(() => this.#pending.delete(p));
  }

  async #request(request: Request, finished: boolean): Promise<void> {
    try {
      const response = finished ? await request.response().catch(() => null) : null;
      const sizes = await request.sizes().catch(() => undefined);
      const timing = request.timing();
      let page: Page | undefined;
      try { page = request.frame().page(); } catch { /* a service worker's request has no frame */ }
      emitRequest(this.#vu, {
        url: response?.url() ?? request.url(),
        method: request.method(),
        resourceType: request.resourceType(),
        status: response ? response.status() : undefined,
        durationMs: timing.responseEnd >= 0 ? timing.responseEnd : undefined,
        sentBytes: sizes ? sizes.requestHeadersSize + sizes.requestBodySize : (request.postDataBuffer()?.length ?? 0),
        receivedBytes: sizes ? sizes.responseHeadersSize + sizes.responseBodySize : 0,
        fromServiceWorker: response?.fromServiceWorker() ?? false,
      }, (page && this.#pages.get(page)?.handlers) ?? []);
    } catch { /* a request of a context that is going away: nothing to count */ }
  }
}

/** k6's context options in Playwright's terms (k6 spells the time zone option timezoneID). */
function contextOptions(options: Record<string, unknown> | undefined): BrowserContextOptions {
  if (!options) return {};
  const { timezoneID, ...rest } = options as Record<string, unknown> & { timezoneID?: string };
  return { ...(rest as BrowserContextOptions), ...(timezoneID ? { timezoneId: timezoneID } : {}) };
}

/** `p`, or an error naming `what` and k6's duration after `ms`. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return withTimeout(p, ms, `${what}: timed out after ${goDuration(ms)}`);
}
