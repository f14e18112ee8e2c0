/**
 * uPlot options for one chart spec: elapsed seconds on x, the spec's unit
 * on y (from zero; percentages capped at 100 %), one coloured line per
 * series, values in the legend formatted like the rest of the page.
 */
import type uPlot from 'uplot';
import type { ChartSpec } from '../charts.ts';
import { formatElapsed, formatUnit } from './format.ts';
import type { FaultBand } from './model.ts';
import type { ExemplarMark } from './exemplars-model.ts';

export const PLOT_HEIGHT = 220;
/** narrower than this, a chart scrolls instead of squeezing its axes */
export const MIN_PLOT_WIDTH = 300;
const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2'];
const GRID = { stroke: '#e5e7eb', width: 1 };
/** x-axis steps in seconds: 1 s up to 4 h */
const ELAPSED_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400];

/**
 * `startedAt`: the timeline's start (epoch ms), to show each point's clock
 * time in the legend. `xRange`: the x range every chart of the page shares
 * (read at each redraw, so live updates widen all charts alike); null: the
 * chart's own data. `bands`: the chaos faults' windows (read at each
 * redraw), shaded behind the lines with the fault's name. `marks`: requests
 * drawn as dots at (time, duration), each a link to its exemplar row (the
 * y range grows to show them).
 */
export function plotOptions(spec: ChartSpec, startedAt: number, width: number, xRange: () => [number, number] | null = () => null, bands: () => readonly FaultBand[] = () => [], marks: () => readonly ExemplarMark[] = () => []): uPlot.Options {
  const unit = spec.unit;
  const yMax = (max: number): number => {
    for (const m of marks()) if (m.y > max) max = m.y;
    return unit === 'percent' ? Math.min(1, Math.max(max * 1.1, 0.05)) : max > 0 ? max * 1.1 : 1;
  };
  return {
    width: Math.max(width, MIN_PLOT_WIDTH),
    height: PLOT_HEIGHT,
    plugins: [faultBandsPlugin(bands), exemplarMarksPlugin(marks)],
    scales: {
      x: { time: false, range: (_u, min, max) => xRange() ?? (min === max ? [min - 1, max] : [min, max]) },
      y: { range: (_u, _min, max) => [0, yMax(max)] },
    },
    axes: [
      { grid: GRID, incrs: ELAPSED_STEPS, values: (_u, splits) => splits.map((v) => formatElapsed(v)) },
      { size: 80, grid: GRID, values: (_u, splits) => splits.map((v) => formatUnit(v, unit)) },
    ],
    series: [
      { label: 'at', value: (_u, v) => (v === null || v === undefined ? '–' : `${formatElapsed(v)} (${new Date(startedAt + v * 1000).toLocaleTimeString()})`) },
      ...spec.series.map((s, i) => ({
        label: s.label, stroke: PALETTE[i % PALETTE.length], width: 2,
        value: (_u: uPlot, v: number | null) => formatUnit(v, unit),
      })),
    ],
  };
}

/**
 * The `count` children of class `cls` a plugin places in a plot layer on
 * each redraw: the ones already there are reused, extra ones removed,
 * missing ones made by `make` (and given the class).
 */
function layerChildren<E extends HTMLElement>(layer: HTMLElement, cls: string, count: number, make: () => E): E[] {
  const els = [...layer.querySelectorAll<E>(`:scope > .${cls}`)];
  while (els.length > count) els.pop()!.remove();
  while (els.length < count) {
    const el = make();
    el.className = cls;
    layer.append(el);
    els.push(el);
  }
  return els;
}

/**
 * The chaos faults' windows as shaded bands with the fault's name, in the
 * plot's `.u-under` layer (behind the canvas's lines, which has no
 * background): one `.fault-band` element per window, placed through the x
 * scale on every redraw (new data, a wider range, a resize), hidden when
 * the window is outside the range. Each band's data-start and data-end
 * hold its window in seconds.
 */
export function faultBandsPlugin(bands: () => readonly FaultBand[]): uPlot.Plugin {
  const place = (u: uPlot): void => {
    const list = bands();
    const layer = u.under;
    const els = layerChildren(layer, 'fault-band', list.length, () => {
      const band = document.createElement('div');
      const label = document.createElement('span');
      label.className = 'fault-label';
      band.append(label);
      return band;
    });
    const width = layer.clientWidth || u.bbox.width / devicePixelRatio;
    list.forEach((b, i) => {
      const el = els[i];
      const left = Math.max(0, u.valToPos(b.start, 'x'));
      const right = Math.min(width, u.valToPos(b.end, 'x'));
      el.hidden = !(right >= left && Number.isFinite(left) && Number.isFinite(right)) || right < 0 || left > width;
      el.dataset.fault = b.name;
      el.dataset.start = String(b.start);
      el.dataset.end = String(b.end);
      el.classList.toggle('open', b.open);
      el.style.left = `${left}px`;
      // a window shorter than a pixel still shows
      el.style.width = `${Math.max(right - left, 2)}px`;
      const label = el.firstElementChild as HTMLElement;
      label.textContent = b.name;
      // overlapping faults: their names one under the other
      label.style.top = `${2 + 14 * (i % 4)}px`;
      el.title = `${b.name}: ${formatElapsed(b.start)} → ${b.open ? 'open' : formatElapsed(b.end)}`;
    });
  };
  return { hooks: { draw: place } };
}

/**
 * Exemplar marks: one `<a class="exemplar-mark" href="#row">` per request
 * in the plot's `.u-over` layer (above the lines, where clicks land),
 * placed through the scales on every redraw; its title names the request.
 */
export function exemplarMarksPlugin(marks: () => readonly ExemplarMark[]): uPlot.Plugin {
  const place = (u: uPlot): void => {
    const list = marks();
    const layer = u.over;
    const els = layerChildren(layer, 'exemplar-mark', list.length, () => document.createElement('a'));
    const width = layer.clientWidth || u.bbox.width / devicePixelRatio;
    const height = layer.clientHeight || u.bbox.height / devicePixelRatio;
    list.forEach((m, i) => {
      const a = els[i];
      const left = u.valToPos(m.x, 'x');
      const top = u.valToPos(m.y, 'y');
      // outside the x range (before the first period, a zoomed window): no mark
      a.hidden = !(left >= 0 && left <= width && top >= 0 && top <= height);
      a.href = `#${m.anchor}`;
      a.title = `${formatUnit(m.y, 'ms')} at ${formatElapsed(m.x)}: ${m.title}`;
      a.style.left = `${left}px`;
      a.style.top = `${top}px`;
    });
  };
  return { hooks: { draw: place } };
}
