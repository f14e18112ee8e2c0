/**
 * The HTML shell shared by the saved report and the live dashboard: head
 * (uPlot's CSS and ours), the sections the script fills, the run and the
 * page config as JSON blocks, and the page script (uPlot bundled in), all
 * inline.
 */
import type { RunReport } from '../run-report.ts';
import { BUILTIN_METRICS, OVERVIEW_CHARTS, type PageConfig } from './charts.ts';
import { pageAssets } from './assets.ts';
import { PAGE_CSS } from './style.ts';

export interface PageOptions {
  /** live dashboard: the script follows `events` and offers `report` for download */
  live: boolean;
}

/** Text safe inside HTML elements and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a <script> block: no `</script>`, no `<!--`. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** An inline script's text with any `</script` broken up (it would end the element). */
function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

/** The whole page; `report` null renders a page waiting for the first update (live mode). */
export function renderPage(report: RunReport | null, opts: PageOptions): string {
  const assets = pageAssets();
  const config: PageConfig = { live: opts.live, overview: OVERVIEW_CHARTS, builtin: BUILTIN_METRICS };
  const title = report ? `Stampede · ${report.script}` : 'Stampede dashboard';
  const liveBar = opts.live
    ? `<div class="livebar"><span id="connection" class="connection">connecting…</span><a id="download" href="report" download>Download the report</a></div>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Stampede">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${assets.css}</style>
<style>${PAGE_CSS}</style>
</head>
<body class="${opts.live ? 'live' : 'report'}">
<header>
<h1><span class="brand">Stampede</span> · <span id="script">${escapeHtml(report?.script ?? '')}</span></h1>
<dl id="meta"></dl>
${liveBar}
<noscript><p>This report draws its charts and tables with JavaScript; please allow scripts for this file.</p></noscript>
</header>
<main>
<section id="totals-section"><div class="bar"><h2>Totals</h2><span id="totals-note" class="muted"></span></div><div id="totals" class="totals"></div></section>
<section id="charts-section">
<div class="bar"><h2>Over time</h2><label>Scope <select id="scope"></select></label></div>
<div id="charts" class="charts"></div>
</section>
<section id="exemplars-section" hidden><div class="bar"><h2>Slowest and failed requests</h2><span id="exemplars-note" class="muted"></span></div><div id="exemplars" class="exemplars-box"></div></section>
<section id="probes-section" hidden><div class="bar"><h2>Service probes</h2><span id="probes-note" class="muted"></span></div><div id="probe-charts" class="charts"></div></section>
<section id="chaos-section" hidden><div class="bar"><h2>Chaos</h2><span id="chaos-note" class="muted"></span></div><div id="chaos" class="faults"></div></section>
<section id="more-section" hidden><h2>More metrics</h2><div id="more-charts" class="charts"></div></section>
<section id="thresholds-section"><h2>Thresholds</h2><div id="thresholds"></div></section>
<section id="checks-section"><h2>Checks</h2><div id="checks"></div></section>
<section id="metrics-section"><h2>Metrics</h2><div id="metrics"></div></section>
</main>
<footer>${opts.live ? 'Live dashboard' : 'Report'} made by Stampede; charts by uPlot. ${opts.live ? '' : 'This file is self-contained: it needs no network.'}</footer>
<script type="application/json" id="stampede-config">${jsonForScript(config)}</script>
<script type="application/json" id="run-data">${jsonForScript(report)}</script>
<script>${inlineScript(assets.script)}</script>
</body>
</html>
`;
}
