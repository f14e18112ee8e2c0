import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import type { RunReport } from '../run-report.ts';
import { renderHtmlReport, renderPage } from './index.ts';
import { pageAssets } from './assets.ts';

const NASTY = '</script><script>alert(1)</script><!--';

const REPORT: RunReport = {
  format: 'stampede-run/1', script: 'tests/<load>.js', startedAt: 1_700_000_000_000, durationMs: 2000, status: 'failed', exitCode: 99,
  tags: { env: 'ci' }, commit: '0123456789abcdef', scenarios: ['default'],
  definitions: [{ name: 'http_reqs', type: 'counter', contains: 'default' }],
  timeline: { periodMs: 1000, startedAt: 1_700_000_000_000, series: [{ metric: 'http_reqs', stat: 'rate', scope: { kind: 'all' }, points: [[1000, 5], [2000, 6]] }] },
  summary: {
    root_group: { name: '', path: '', id: 'x', groups: [], checks: [{ name: NASTY, path: `::${NASTY}`, id: 'y', passes: 1, fails: 0 }] },
    options: { summaryTrendStats: ['avg'], summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 2000 },
    metrics: { http_reqs: { type: 'counter', contains: 'default', values: { count: 11, rate: 5.5 }, thresholds: { 'count<5': { ok: false } } } },
  },
};

function embeddedJson(html: string, id: string): unknown {
  const m = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(html);
  assert.ok(m, `no #${id} block`);
  return JSON.parse(m[1]);
}

test('the report is one file: uPlot, the page script and the run inline, nothing fetched', () => {
  const html = renderHtmlReport(REPORT);
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.includes('uPlot 1.') && html.includes('u-legend'), 'uPlot bundled into the page script');
  assert.ok(html.includes('.uplot'), 'uPlot stylesheet inlined');
  assert.ok(!/<(script|link|img)[^>]+(src|href)="(?!data:)/i.test(html), 'no external script, stylesheet, icon or image');
  assert.ok(!/url\(/i.test(html), 'no url() in the styles');
  assert.deepEqual(embeddedJson(html, 'run-data'), REPORT);
  assert.equal((embeddedJson(html, 'stampede-config') as { live: boolean }).live, false);
  assert.ok(!html.includes(NASTY), 'a check name cannot end the data block');
  assert.ok(html.includes('<title>Stampede · tests/&#60;load&#62;.js</title>'));
  // exactly the three script elements of the shell: a check name opened none
  assert.equal(html.match(/<script/g)!.length, 3);
});

test('the live page embeds the run so far (or null) and follows the event stream', () => {
  const waiting = renderPage(null, { live: true });
  assert.equal(embeddedJson(waiting, 'run-data'), null);
  assert.equal((embeddedJson(waiting, 'stampede-config') as { live: boolean }).live, true);
  assert.ok(waiting.includes('href="report" download'));
});

test('the page script is one bundle (esbuild, once per process): valid JavaScript, an IIFE, nothing to import', () => {
  const { script } = pageAssets();
  assert.equal(pageAssets().script, script, 'bundled once, then kept');
  assert.doesNotThrow(() => new vm.Script(script, { filename: 'report-page.js' }));
  assert.ok(!/<\/script/i.test(script));
  assert.ok(!/\bimport\s*[{(*'"]|\brequire\(/.test(script), 'no module loading left');
  assert.match(script, /^\/\*! Stampede report page; uPlot [\d.]+ \(MIT\)/, 'uPlot credited');
});
