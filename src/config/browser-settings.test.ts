import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { browserSettings, parseBrowserArgs, findChromium, browserScenarios, noBrowserMessage } from './browser-settings.ts';

test('K6_BROWSER_ARGS: comma-separated flags without dashes, flag or flag=value, quotes trimmed', () => {
  assert.deepEqual(parseBrowserArgs('ignore-certificate-errors, proxy-server=127.0.0.1:8080,lang="de-DE",'), ['--ignore-certificate-errors', '--proxy-server=127.0.0.1:8080', '--lang=de-DE']);
  assert.deepEqual(parseBrowserArgs(''), []);
  assert.deepEqual(parseBrowserArgs('--already-dashed'), ['--already-dashed']);
});

test('K6_BROWSER_HEADLESS defaults to true (new is headless too); K6_BROWSER_TIMEOUT is a k6 duration, 30s by default', () => {
  assert.equal(browserSettings({}).headless, true);
  assert.equal(browserSettings({ K6_BROWSER_HEADLESS: 'new' }).headless, true);
  assert.equal(browserSettings({ K6_BROWSER_HEADLESS: 'false' }).headless, false);
  assert.equal(browserSettings({}).timeoutMs, 30_000);
  assert.equal(browserSettings({ K6_BROWSER_TIMEOUT: '1m' }).timeoutMs, 60_000);
  assert.equal(browserSettings({ K6_BROWSER_EXECUTABLE_PATH: '/opt/chrome/chrome' }).executablePath, '/opt/chrome/chrome');
});

test('a Chromium is found on PATH in k6\'s order of names', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stampede-chromium-'));
  for (const name of ['google-chrome', 'chromium']) { writeFileSync(path.join(dir, name), '#!/bin/sh\n'); chmodSync(path.join(dir, name), 0o755); }
  assert.equal(findChromium(dir), path.join(dir, 'chromium'), 'chromium comes before google-chrome');
});

test('browser scenarios are the ones with options.browser; the missing-browser message is k6\'s', () => {
  assert.deepEqual(browserScenarios([{ name: 'api' }, { name: 'ui', options: { browser: { type: 'chromium' } } }, { name: 'odd', options: { browser: {} } }]),
    [{ name: 'ui', type: 'chromium' }, { name: 'odd', type: undefined }]);
  assert.match(noBrowserMessage({}), /couldn't detect google chrome or a chromium-supported browser on this system/);
  assert.match(noBrowserMessage({ K6_BROWSER_EXECUTABLE_PATH: '/x' }), /on the given path: \/x/);
});
