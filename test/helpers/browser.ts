/**
 * Headless Chromium for tests that look at pages as a person does (the
 * HTML report, the live dashboard): Debian's `chromium` driven by
 * playwright-core. A missing browser fails the test with the command that
 * installs it; these tests are never skipped. Screenshots go to
 * test-artifacts/ (kept by CI, ignored by git).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './cli.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

/** Launches headless Chromium (throws with the install command when it is missing). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`sudo apt-get install -y chromium\` `
      + '(the HTML report and dashboard tests drive a real browser; .ci/run installs it)');
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

export interface WatchedPage {
  page: Page;
  /** uncaught exceptions and console errors of the page */
  errors: string[];
  /** every URL the page requested */
  requests: string[];
}

/** A new 1280×900 page that records its script errors and requests. */
export async function newPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => requests.push(r.url()));
  return { page, errors, requests };
}

/** Where to save a screenshot: test-artifacts/<name>, the folder created. */
export async function artifactPath(name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/**
 * Opens a saved HTML report in headless Chromium (closed when `t` ends) and
 * waits for `ready`; asserts the page threw no error and, being
 * self-contained, asked for nothing but itself.
 */
export async function openReport(t: TestContext, file: string, ready: string): Promise<Page> {
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page, errors, requests } = await newPage(browser);
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector(ready);
  assert.deepEqual(errors, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), [], 'self-contained');
  return page;
}
