import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderOutputsSummary } from './outputs-summary.ts';

test('no outputs, no block; otherwise one aligned line per output with what it sent and dropped', () => {
  assert.equal(renderOutputsSummary([]), '');
  assert.equal(renderOutputsSummary([
    { description: 'json (out.json)', sent: 120, dropped: 0 },
    { description: 'influxdb (http://127.0.0.1:8086/k6)', sent: 1553, dropped: 1264, lastError: 'connect ECONNREFUSED' },
  ]), [
    '',
    '    OUTPUTS',
    '    json (out.json)........................: 120 sent',
    '    influxdb (http://127.0.0.1:8086/k6)....: 1553 sent, 1264 dropped (last error: connect ECONNREFUSED)',
    '',
  ].join('\n'));
});
