/**
 * What every report page inlines, built once per process on first use and
 * kept in memory: the page script (client/main.ts and what it imports,
 * uPlot included, bundled by esbuild into one minified IIFE) and uPlot's
 * stylesheet. Paths are resolved from this module, so the same code bundles
 * the .ts sources when Stampede runs from src/ and tsc's .js output when it
 * runs from dist/ (the package ships dist/, and uplot and esbuild are
 * dependencies).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export interface PageAssets {
  /** the page's one script (no `</script` inside: esbuild escapes it in strings) */
  script: string;
  /** uPlot's stylesheet */
  css: string;
}

const require = createRequire(import.meta.url);
let cached: PageAssets | undefined;

export function pageAssets(): PageAssets {
  cached ??= { script: bundleClient(), css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8') };
  return cached;
}

/** Bundles the page script (~50 ms, once per process). */
export function bundleClient(): string {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const entry = fileURLToPath(new URL(`./client/main.${ext}`, import.meta.url));
  const uplot = require('uplot/package.json') as { version: string; license: string };
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    result = esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      // the same output from src/ and dist/, whatever tsconfig.json is around
      tsconfigRaw: {},
      banner: { js: `/*! Stampede report page; uPlot ${uplot.version} (${uplot.license}) https://github.com/leeoniya/uPlot */` },
      logLevel: 'silent',
    });
  } catch (err) {
    throw new Error(`could not bundle the HTML report's page script (${entry}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    // buildSync runs esbuild from a helper thread kept for later calls; nothing else on this thread needs it
    void esbuild.stop();
  }
  return result.outputFiles[0].text;
}
