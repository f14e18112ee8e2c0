/**
 * k6/browser (and its older name k6/experimental/browser) on playwright-core
 * and the machine's Chromium: `browser`, `devices`, `networkProfiles`. The
 * API is k6's, which is Playwright's with k6's differences (k6-behaviour.ts);
 * one Chromium per worker (launcher.ts), one context per VU iteration
 * (vu-browser.ts), k6's browser metrics (metrics.ts).
 */
import { createRequire } from 'node:module';
import type { VuRuntime } from '../../../vu-runtime.ts';
import { VuBrowser } from './vu-browser.ts';
import { defineBrowserMetrics } from './metrics.ts';
import { NETWORK_PROFILES } from './k6-behaviour.ts';

export function createBrowserModule(vu: VuRuntime): Record<string, unknown> {
  defineBrowserMetrics(vu.samples);
  const state = new VuBrowser(vu);
  vu.onIterationEnd(() => state.endIteration());
  // an interrupted iteration (Ctrl-C, gracefulStop over) loses its context: its pending page actions fail at once
  vu.onInterrupt(() => state.endIteration());
  vu.onClose(() => state.close());
  const browser = state.api();
  const mod: Record<string, unknown> = { browser, networkProfiles: NETWORK_PROFILES };
  // Playwright's device descriptors, loaded when a script reads them
  const devices = { enumerable: true, get: () => (createRequire(import.meta.url)('playwright-core') as { devices: unknown }).devices };
  Object.defineProperty(mod, 'devices', devices);
  const dflt = { browser, networkProfiles: NETWORK_PROFILES };
  Object.defineProperty(dflt, 'devices', devices);
  mod.default = dflt;
  return mod;
}
