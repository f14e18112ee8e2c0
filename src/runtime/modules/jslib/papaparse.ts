/**
 * Built-in equivalent of https://jslib.k6.io/papaparse/<version>/papaparse.js:
 * the papaparse library itself (parse, unparse), loaded on first import.
 */
import { createRequire } from 'node:module';
import type Papa from 'papaparse';

export function papaparseModule(): Record<string, unknown> {
  const papa = createRequire(import.meta.url)('papaparse') as typeof Papa;
  return { ...papa, default: papa };
}
