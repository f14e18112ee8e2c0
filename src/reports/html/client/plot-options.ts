/**
 * uPlot options for one chart spec: elapsed seconds on x, the spec's unit
 * on y (from zero; percentages capped at 100 %), one coloured line per
 * series, values in the legend formatted like the rest of the page.
 */
import type uPlot from 'uplot';
import type { ChartSpec } from '../charts.ts';
import { formatElapsed, formatUnit } from './format.ts';

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
 * chart's own data.
 */
export function plotOptions(spec: ChartSpec, startedAt: number, width: number, xRange: () => [number, number] | null = () => null): uPlot.Options {
  const unit = spec.unit;
  const yMax = (max: number): number => (unit === 'percent' ? Math.min(1, Math.max(max * 1.1, 0.05)) : max > 0 ? max * 1.1 : 1);
  return {
    width: Math.max(width, MIN_PLOT_WIDTH),
    height: PLOT_HEIGHT,
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
