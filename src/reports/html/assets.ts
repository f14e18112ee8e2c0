/**
 * The chart library inlined into every report: uPlot's minified script and
 * stylesheet, read from the installed package once per process (resolved
 * from this module, so it works from src/ and dist/).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface ChartLibrary { script: string; css: string }

let cached: ChartLibrary | undefined;

export function chartLibrary(): ChartLibrary {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = {
      script: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  }
  return cached;
}
