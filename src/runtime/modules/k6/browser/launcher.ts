/**
 * One Chromium per worker, started on the first browser iteration and
 * shared by the worker's browser VUs (each gets contexts of its own). The
 * process's id goes to the main thread (announce), which kills what is
 * left if this worker dies or the process exits before the browser closed.
 * A worker-wide resource, like the wake wheel: no VU state lives here.
 */
import { execFileSync } from 'node:child_process';
import type { Browser, BrowserServer } from 'playwright-core';
import { browserSettings, browserAvailable, noBrowserMessage, NO_BROWSER_HINT, type BrowserSettings } from '../../../../config/index.ts';
import { postToMain, onWorkerShutdown } from '../../../worker-hooks.ts';

let settings: BrowserSettings | undefined;
let launched: Promise<{ browser: Browser; server: BrowserServer }> | undefined;
let versionText: string | undefined;

export function currentSettings(): BrowserSettings {
  return (settings ??= browserSettings(process.env));
}

/** The worker's browser, started on first use. */
export async function sharedBrowser(): Promise<Browser> {
  if (!launched) {
    const s = currentSettings();
    launched = launch(s);
    launched.catch(() => { launched = undefined; }); // a failed launch is retried by the next iteration
  }
  return (await launched).browser;
}

/**
 * A browser server (its process id is known: the main thread can kill it),
 * and this worker's connection to it.
 */
async function launch(s: BrowserSettings): Promise<{ browser: Browser; server: BrowserServer }> {
  if (!browserAvailable(s)) throw new Error(`${noBrowserMessage(process.env)} (${NO_BROWSER_HINT})`);
  // loaded on the first browser iteration only: a test without k6/browser never pays for playwright-core
  const { chromium } = await import('playwright-core');
  const server = await chromium.launchServer({
    executablePath: s.executablePath, headless: s.headless, timeout: s.timeoutMs,
    // a container's root user (CI) cannot use Chromium's sandbox; k6 leaves this to K6_BROWSER_ARGS too
    args: [...(process.getuid?.() === 0 && !s.args.includes('--no-sandbox') ? ['--no-sandbox'] : []), ...s.args],
    // Ctrl-C reaches the main thread, which ends the run and closes browsers in order
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  });
  const pid = server.process().pid;
  if (pid !== undefined) postToMain({ type: 'browser-process', pid });
  onWorkerShutdown(closeSharedBrowser);
  try {
    const browser = await chromium.connect(server.wsEndpoint(), { timeout: s.timeoutMs });
    const current = launched;
    // a browser that crashed (or was killed) is replaced on the next iteration, not used dead
    browser.on('disconnected', () => {
      if (launched === current) launched = undefined;
      void server.kill().catch(() => {});
    });
    return { browser, server };
  } catch (err) {
    await server.kill();
    throw err;
  }
}

/** The browser's version, as k6's browser.version() gives it ("141.0.7390.54"), without starting it. */
export function browserVersion(): string {
  if (versionText !== undefined) return versionText;
  const s = currentSettings();
  try {
    const out = s.executablePath ? execFileSync(s.executablePath, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).toString() : '';
    versionText = /(\d+\.\d+\.\d+\.\d+)/.exec(out)?.[1] ?? '';
  } catch {
    versionText = '';
  }
  return versionText;
}

/** Closes the worker's browser (worker shutdown). */
export async function closeSharedBrowser(): Promise<void> {
  const b = launched;
  launched = undefined;
  if (!b) return;
  try {
    const { browser, server } = await b;
    await browser.close().catch(() => {});
    await server.close();
  } catch { /* it never started, or is gone already */ }
}
