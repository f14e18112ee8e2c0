/** The report page's stylesheet (after uPlot's own). Failing thresholds and checks are red. */
export const PAGE_CSS = `
:root { --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --bg: #f9fafb; --card: #fff; --red: #d32f2f; --green: #15803d; --blue: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 16px 24px 8px; background: var(--card); border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 8px; font-size: 20px; font-weight: 600; }
header h1 .brand { color: var(--blue); }
#meta { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0; }
.meta-item { display: flex; gap: 6px; align-items: baseline; }
.meta-item dt { color: var(--muted); }
.meta-item dd { margin: 0; }
.status { display: inline-block; padding: 0 8px; border-radius: 10px; font-weight: 600; color: #fff; background: var(--muted); }
.status-passed { background: var(--green); }
.status-failed, .status-aborted { background: var(--red); }
.status-interrupted { background: #b45309; }
.status-running { background: var(--blue); }
.tag { display: inline-block; margin-right: 4px; padding: 0 6px; border: 1px solid var(--line); border-radius: 4px; font-family: ui-monospace, monospace; font-size: 12px; }
.livebar { display: flex; gap: 16px; align-items: center; margin-top: 8px; }
.connection::before { content: "●"; margin-right: 4px; }
.connection.live { color: var(--green); }
.connection.lost { color: #b45309; }
.connection.done { color: var(--muted); }
main { padding: 8px 24px 24px; }
section > h2, .bar h2 { font-size: 16px; margin: 20px 0 8px; }
.bar { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; }
.muted { color: var(--muted); }
.totals { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; }
.total { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.total .label { color: var(--muted); font-size: 12px; }
.total .value { font-size: 22px; font-weight: 600; }
.total .detail { color: var(--muted); font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 12px; }
.chart { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 0; }
.chart h3 { margin: 0 0 4px; font-size: 14px; font-weight: 600; }
.chart .plot { width: 100%; }
.chart h3 .metric { font-size: 12px; font-weight: 400; }
.fault-band { position: absolute; top: 0; bottom: 0; background: rgba(220, 38, 38, 0.10); border-left: 1px solid rgba(220, 38, 38, 0.55); border-right: 1px solid rgba(220, 38, 38, 0.55); pointer-events: none; }
.fault-band.open { border-right-style: dashed; }
.fault-label { position: absolute; left: 3px; font-size: 11px; line-height: 12px; color: #b91c1c; white-space: nowrap; background: rgba(255, 255, 255, 0.75); padding: 0 2px; border-radius: 2px; }
.faults { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 12px; }
.fault { background: var(--card); border: 1px solid var(--line); border-left: 4px solid rgba(220, 38, 38, 0.55); border-radius: 6px; padding: 8px 12px; }
.fault h3 { margin: 0 0 2px; font-size: 14px; font-weight: 600; }
.fault h3 .what { font-weight: 400; }
.fault p { margin: 4px 0; }
.fault .recovered { color: var(--green); }
.fault .not-recovered { color: var(--red); font-weight: 600; }
.fault .pending { color: var(--muted); }
.fault tbody th { background: none; font-weight: 400; color: var(--muted); }
.probe-notes p { margin: 4px 0 0; }
.probe-notes .drained { color: var(--green); }
.probe-notes .not-drained, .probe-errors { color: var(--red); }
.probe-notes .not-drained { font-weight: 600; }
table { border-collapse: collapse; background: var(--card); border: 1px solid var(--line); width: 100%; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: #f3f4f6; }
td.num, th.num { text-align: right; }
tr.pass .result { color: var(--green); }
tr.fail, tr.fail td, tr.fail code { color: var(--red); }
tr.fail { background: #fef2f2; }
tr.fail .result { font-weight: 700; }
.metrics .values .stat { margin-right: 14px; white-space: nowrap; }
.tree { list-style: none; margin: 0; padding-left: 18px; }
#checks > .tree { padding-left: 0; }
.tree li { margin: 2px 0; }
.tree .check.pass .mark { color: var(--green); }
.tree .check.fail, .tree .check.fail .mark { color: var(--red); }
.tree .counts, .tree .pct { color: var(--muted); margin-left: 8px; }
.tree summary { cursor: pointer; font-weight: 600; }
.tree .group.fail > details > summary .group-name { color: var(--red); }
.exemplars-box { display: grid; gap: 12px; }
.exemplar-table h3 { margin: 4px 0; font-size: 14px; font-weight: 600; }
table.exemplars th.sortable { cursor: pointer; user-select: none; }
table.exemplars th[data-sort="desc"]::after { content: " ▼"; }
table.exemplars th[data-sort="asc"]::after { content: " ▲"; }
table.exemplars tr.target, table.exemplars tr.target td { background: #fef9c3; }
.exemplar-mark { position: absolute; width: 9px; height: 9px; margin: -4px 0 0 -4px; border-radius: 50%; background: #dc2626; border: 1px solid #fff; z-index: 5; }
.exemplar-mark:hover { transform: scale(1.5); }
footer { padding: 12px 24px; color: var(--muted); font-size: 12px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
`;
