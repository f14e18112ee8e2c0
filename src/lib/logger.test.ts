import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from './logger.ts';

test('log lines carry k6-style level labels and elapsed seconds', () => {
  const lines: string[] = [];
  let now = 1_000;
  const log = createLogger((l) => lines.push(l), { startMs: 1_000, now: () => now });
  log.warn('careful');
  now = 13_500;
  log.error('broken');
  log.debug('hidden without verbose');
  assert.deepEqual(lines, ['WARN[0000] careful', 'ERRO[0012] broken']);
});

test('log lines parse back into records and render as text, json or raw', async () => {
  const { parseLogLine, formatLogRecord } = await import('./logger.ts');
  const rec = parseLogLine('WARN[0003] hello "x" source=console\n');
  assert.deepEqual(rec, { level: 'warn', elapsed: '0003', msg: 'hello "x"', source: 'console' });
  assert.equal(parseLogLine('running (00m01.0s), 1/1 VUs'), undefined);
  assert.deepEqual(parseLogLine('ERRO[0000] two\nlines'), { level: 'error', elapsed: '0000', msg: 'two\nlines' });
  const now = () => Date.UTC(2024, 0, 2, 3, 4, 5);
  assert.equal(formatLogRecord(rec!, { format: 'text' }), 'WARN[0003] hello "x" source=console');
  assert.equal(formatLogRecord(rec!, { format: 'text', colors: true }), '\x1b[33mWARN\x1b[0m[0003] hello "x" source=console');
  assert.equal(formatLogRecord(rec!, { format: 'raw' }), 'hello "x"');
  assert.deepEqual(JSON.parse(formatLogRecord(rec!, { format: 'json', now })), { level: 'warning', msg: 'hello "x"', source: 'console', time: '2024-01-02T03:04:05.000Z' });
  assert.deepEqual(Object.keys(JSON.parse(formatLogRecord({ level: 'info', msg: 'm' }, { format: 'json' }))), ['level', 'msg', 'time']);
});

test('verbose may be a function, read at each debug line', () => {
  const lines: string[] = [];
  let verbose = false;
  const log = createLogger((l) => lines.push(l), { startMs: 0, now: () => 0, verbose: () => verbose });
  log.debug('a');
  verbose = true;
  log.debug('b');
  assert.deepEqual(lines, ['DEBU[0000] b']);
});
