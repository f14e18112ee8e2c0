/**
 * Every flag `stampede run --help` lists must appear in README.md, so the
 * README never lags behind the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RUN_HELP } from './help.ts';

/** The long flags of a help text's flag lines (`  -u, --vus N   …`). */
export function helpFlags(help: string): string[] {
  const flags = new Set<string>();
  for (const line of help.split('\n')) {
    const m = /^\s+(?:-\w, )?(--[a-z][a-z0-9-]*)/.exec(line);
    if (m) flags.add(m[1]);
  }
  return [...flags];
}

test('the help lists flags', () => {
  const flags = helpFlags(RUN_HELP);
  assert.ok(flags.includes('--vus') && flags.includes('--log-format') && flags.includes('--help'), flags.join(' '));
});

test('every flag of `stampede run --help` appears in README.md', () => {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  const missing = helpFlags(RUN_HELP).filter((flag) => !new RegExp(`${flag}(?![a-z0-9-])`).test(readme));
  assert.deepEqual(missing, [], `flags missing from README.md: ${missing.join(', ')}`);
});
