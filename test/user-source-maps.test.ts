/**
 * Issue #15 item 8: a script the user built with their own bundler (k6's
 * examples/source_map, a webpack-built test1.js) reports errors at the
 * ORIGINAL file:line when it ends with a sourceMappingURL comment, whether
 * the map is inline (data: URL) or a .map file beside the script, and when
 * the map names its sources by URL (webpack:///./test1.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { stampede, scriptDir } from './helpers/cli.ts';

/** The throw is on line 9 of the TypeScript file; the types before it vanish from the JavaScript. */
const TS = `import { sleep } from 'k6';

interface Point { x: number; y: number }
type Pair = [Point, Point];

function distance([a, b]: Pair): number {
  sleep(0);
  const d: number = Math.hypot(a.x - b.x, a.y - b.y);
  if (d > 1) throw new Error(\`too far: \${d}\`);
  return d;
}

export default function (): void {
  distance([{ x: 0, y: 0 }, { x: 3, y: 4 }]);
}
`;

/** esbuild as the user's bundler: 'linked' writes the .map beside the script and the sourceMappingURL comment naming it. */
async function build(dir: string, outName: string, sourcemap: 'inline' | 'linked'): Promise<string> {
  const outfile = path.join(dir, outName);
  await esbuild.build({
    entryPoints: [path.join(dir, 'test1.ts')], outfile, bundle: true, format: 'esm', platform: 'neutral',
    external: ['k6', 'k6/*'], sourcemap, logLevel: 'silent',
  });
  return outfile;
}

async function runScript(script: string) {
  const r = await stampede(['run', '-i', '1', '-q', script], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  return r.stderr;
}

test('a bundled script with an inline source map reports errors at the .ts file and line', { timeout: 60_000 }, async () => {
  const dir = await scriptDir({ 'test1.ts': TS });
  const script = await build(dir, 'inline.js', 'inline');
  assert.match(await readFile(script, 'utf8'), /\/\/# sourceMappingURL=data:application\/json;base64,/);
  const stderr = await runScript(script);
  assert.match(stderr, /Error: too far: 5 at \S*test1\.ts:9:\d+/, stderr);
  assert.match(stderr, /at distance \(\S*test1\.ts:9:\d+\)/, stderr);
  assert.doesNotMatch(stderr, /inline\.js:\d/, stderr);
});

test('a bundled script with its map in a file beside it reports errors at the .ts file and line', { timeout: 60_000 }, async () => {
  const dir = await scriptDir({ 'test1.ts': TS });
  const script = await build(dir, 'external.js', 'linked');
  assert.match(await readFile(script, 'utf8'), /\/\/# sourceMappingURL=external\.js\.map\s*$/);
  const stderr = await runScript(script);
  assert.match(stderr, new RegExp(`Error: too far: 5 at ${dir.replaceAll('\\', '\\\\')}[/\\\\]test1\\.ts:9:\\d+`), stderr);
  assert.doesNotMatch(stderr, /external\.js:\d/, stderr);
});

test('a webpack-style map (sources named webpack:///./test1.ts) reports the mapped source and line', { timeout: 60_000 }, async () => {
  const dir = await scriptDir({ 'test1.ts': TS });
  const script = await build(dir, 'webpacked.js', 'linked');
  const mapFile = `${script}.map`;
  const map = JSON.parse(await readFile(mapFile, 'utf8')) as { sources: string[]; sourcesContent?: unknown };
  map.sources = ['webpack:///./test1.ts'];
  delete map.sourcesContent;
  await writeFile(mapFile, JSON.stringify(map));
  const stderr = await runScript(script);
  assert.match(stderr, /Error: too far: 5 at webpack:\/\/\/(\.\/)?test1\.ts:9:\d+/, stderr);
  assert.doesNotMatch(stderr, /webpacked\.js:\d/, stderr);
});
