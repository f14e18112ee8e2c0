/**
 * k6's browser settings from the environment (K6_BROWSER_*), read the way
 * k6 reads them: HEADLESS (default true; `new` is headless too), ARGS
 * (comma-separated flags without their dashes, `flag` or `flag=value`),
 * EXECUTABLE_PATH (else the first Chromium found on PATH or in the usual
 * places), TIMEOUT (launching the browser and opening a page; default 30s).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseDurationMs } from '../lib/index.ts';

export interface BrowserSettings {
  headless: boolean;
  /** Chromium flags, with their leading dashes */
  args: string[];
  /** undefined when no browser was found */
  executablePath: string | undefined;
  timeoutMs: number;
}

/** The names k6 looks for, in its order. */
const EXECUTABLES = ['headless_shell', 'headless-shell', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'google-chrome-beta', 'google-chrome-unstable', 'chrome'];

export function browserSettings(env: Record<string, string | undefined>): BrowserSettings {
  const headlessText = (env.K6_BROWSER_HEADLESS ?? '').trim().toLowerCase();
  return {
    headless: !(headlessText === 'false' || headlessText === '0' || headlessText === 'f'),
    args: parseBrowserArgs(env.K6_BROWSER_ARGS ?? ''),
    executablePath: env.K6_BROWSER_EXECUTABLE_PATH ? env.K6_BROWSER_EXECUTABLE_PATH : findChromium(env.PATH ?? ''),
    timeoutMs: parseDurationMs(env.K6_BROWSER_TIMEOUT || '30s') ?? 30_000,
  };
}

/** `ignore-certificate-errors,proxy-server=127.0.0.1:8080` → ['--ignore-certificate-errors', '--proxy-server=127.0.0.1:8080'] */
export function parseBrowserArgs(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = entry.indexOf('=');
    const flag = (eq < 0 ? entry : entry.slice(0, eq)).replace(/^-+/, '');
    const value = eq < 0 ? undefined : entry.slice(eq + 1).trim().replace(/^(['"])(.*)\1$/, '$2');
    out.push(value === undefined ? `--${flag}` : `--${flag}=${value}`);
  }
  return out;
}

/** The first Chromium-family executable on PATH (then /usr/bin), as k6 searches. */
export function findChromium(pathVar: string): string | undefined {
  const dirs = [...pathVar.split(path.delimiter).filter(Boolean), '/usr/bin', '/usr/local/bin', '/snap/bin'];
  for (const name of EXECUTABLES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** k6's message (and Stampede's hint) when no browser can be found. */
export function noBrowserMessage(env: Record<string, string | undefined>): string {
  return env.K6_BROWSER_EXECUTABLE_PATH
    ? `k6 couldn't detect google chrome or a chromium-supported browser on the given path: ${env.K6_BROWSER_EXECUTABLE_PATH}`
    : 'k6 couldn\'t detect google chrome or a chromium-supported browser on this system';
}

/** Whether the browser `settings` name can be started: the executable exists. */
export function browserAvailable(settings: BrowserSettings): boolean {
  return settings.executablePath !== undefined && existsSync(settings.executablePath);
}

/** The scenarios that opt in to a browser (`options: { browser: { type } }`), with the type they ask for. */
export function browserScenarios(configs: readonly { name: string; options?: Record<string, unknown> }[]): { name: string; type: unknown }[] {
  const out: { name: string; type: unknown }[] = [];
  for (const c of configs) {
    const browser = c.options?.browser;
    if (browser && typeof browser === 'object') out.push({ name: c.name, type: (browser as { type?: unknown }).type });
  }
  return out;
}

export const NO_BROWSER_HINT = 'install Chromium (Debian/Ubuntu: sudo apt-get install -y chromium) or point K6_BROWSER_EXECUTABLE_PATH at a Chrome or Chromium binary';
