/**
 * `stampede convert` on a large recording (issue #21): a synthetic HAR of
 * MB megabytes (pages of a document, 20 assets and 5 JSON API calls each,
 * response bodies embedded as DevTools and Playwright write them), converted
 * with --correlate and --no-static by the CLI. Reports the wall time and the
 * CLI's peak RSS (the whole file is parsed at once: memory follows its size).
 *
 *   node bench/har-convert.ts [MB=50]
 */
import { writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { ROOT, sampleRss } from './lib.ts';

const targetMb = Number(process.argv[2] ?? 50);
const body = 'x'.repeat(8 * 1024);
const entries: unknown[] = [];
let size = 0;
for (let page = 0; size < targetMb * 1024 * 1024; page++) {
  const t = Date.parse('2026-12-07T10:00:00Z') + page * 4000;
  const e = (i: number, url: string, type: string, mime: string, text: string, method = 'GET', post?: string) => ({
    pageref: `p${page}`, startedDateTime: new Date(t + i * 10).toISOString(), time: 8, _resourceType: type,
    request: { method, url, headers: [{ name: 'Accept', value: '*/*' }], ...(post ? { postData: { mimeType: 'application/json', text: post } } : {}) },
    response: { status: 200, headers: [{ name: 'Content-Type', value: mime }], content: { mimeType: mime, text } },
  });
  entries.push(e(0, `https://shop.test/page/${page}`, 'document', 'text/html', `<html>${body}</html>`));
  for (let a = 0; a < 20; a++) entries.push(e(1 + a, `https://shop.test/static/${page}-${a}.js`, 'script', 'text/javascript', body));
  for (let c = 0; c < 5; c++) entries.push(e(30 + c, `https://shop.test/api/items/${page}/${c}`, 'fetch', 'application/json', JSON.stringify({ token: `tok_${page}_${c}_abcdef`, pad: body }), 'POST', JSON.stringify({ prev: c > 0 ? `tok_${page}_${c - 1}_abcdef` : 'none' })));
  size += 26 * 8.5 * 1024;
}
const file = '/tmp/stampede-bench-large.har';
writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 'bench' }, pages: [], entries } }));
const mb = (Buffer.byteLength(JSON.stringify({ log: { entries } })) / 1024 / 1024).toFixed(0);
const started = Date.now();
const child = spawn(process.execPath, ['dist/cli/main.js', 'convert', file, '--correlate', '--no-static', '-O', '/tmp/stampede-bench-large.js'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
const r = await sampleRss(child, 50);
console.log(`${mb} MB HAR, ${entries.length} entries: exit ${r.code} in ${((Date.now() - started) / 1000).toFixed(2)} s, peak RSS ${(Math.max(...r.samples) / 1024).toFixed(0)} MB; ${r.stderr.trim()}`);
