import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunLog } from './run-log.ts';

test('the clock is 0000 before the start, then whole seconds since it', () => {
  const lines: string[] = [];
  const log = new RunLog((l) => lines.push(l));
  log.warn('before');
  log.started(Date.now() - 12_500);
  log.error('after');
  log.info('later');
  assert.deepEqual(lines, ['WARN[0000] before', 'ERRO[0012] after', 'INFO[0012] later']);
});
