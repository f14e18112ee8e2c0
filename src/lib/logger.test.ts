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
