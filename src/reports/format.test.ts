import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatTime, formatBytes, formatPercent, formatValue, displayWidth, decorator, Ansi } from './format.ts';

test('durations in k6 style', () => {
  const cases: [number, string][] = [
    [0, '0s'], [0.0005, '500ns'], [0.2455, '245.5µs'], [0.245, '245µs'], [1.234, '1.23ms'], [1.239, '1.23ms'],
    [140.36, '140.36ms'], [1500, '1.5s'], [59_999, '59.99s'], [62_000, '1m2s'], [90_500, '1m30s'], [3_723_000, '1h2m3s'],
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, String(ms));
});

test('summaryTimeUnit forces a unit with two decimals', () => {
  assert.equal(formatTime(1234.5678, 's'), '1.23s');
  assert.equal(formatTime(12, 'ms'), '12.00ms');
  assert.equal(formatTime(1.5, 'us'), '1500.00µs');
  assert.equal(formatTime(1500, ''), '1.5s');
  assert.equal(formatTime(1500, 'weeks'), '1.5s');
});

test('bytes in SI units', () => {
  const cases: [number, string][] = [[7, '7 B'], [830, '830 B'], [4900, '4.9 kB'], [519_000, '519 kB'], [76_000, '76 kB'], [1_300_000, '1.3 MB']];
  for (const [b, text] of cases) assert.equal(formatBytes(b), text);
});

test('a byte rate below 10 B is rounded to one decimal like the other units (k6 prints it raw)', () => {
  const cases: [number, string][] = [[0, '0 B'], [8.7940386828119, '8.8 B'], [0.04, '0.0 B'], [0.25, '0.3 B'], [9.96, '10 B'], [9.94, '9.9 B'], [1040, '1.0 kB'], [8794.03868, '8.8 kB']];
  for (const [b, text] of cases) assert.equal(formatBytes(b), text, String(b));
  assert.equal(formatValue(8.7940386828119, { type: 'counter', contains: 'data' }), '8.8 B');
});

test('rates are truncated percentages', () => {
  assert.equal(formatPercent(0.99999), '99.99%');
  assert.equal(formatPercent(1), '100.00%');
  assert.equal(formatPercent(0), '0.00%');
});

test('values by metric kind', () => {
  assert.equal(formatValue(152.3555561, { type: 'trend', contains: 'default' }), '152.355556');
  assert.equal(formatValue(120, { type: 'trend', contains: 'default' }), '120');
  assert.equal(formatValue(0.5, { type: 'rate', contains: 'default' }), '50.00%');
  assert.equal(formatValue(2048, { type: 'counter', contains: 'data' }), '2.0 kB');
  assert.equal(formatValue(2.5, { type: 'trend', contains: 'time' }), '2.5ms');
  assert.equal(formatValue(2.5, { type: 'trend', contains: 'time' }, 'us'), '2500.00µs');
});

test('colors and display width', () => {
  const on = decorator(true);
  assert.equal(on('x', Ansi.faint, Ansi.cyan), '\x1b[2;36mx\x1b[0m');
  assert.equal(decorator(false)('x', Ansi.red), 'x');
  assert.equal(displayWidth(on('✓ abc', Ansi.green)), 5);
  assert.equal(displayWidth('245µs'), 5);
});
