import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUS_CODES } from 'node:http';
import { reasonPhrase } from './status-text.ts';

test('reason phrases match the ones Node.js knows, and unknown codes have none', () => {
  for (const [code, phrase] of Object.entries(STATUS_CODES)) assert.equal(reasonPhrase(Number(code)), phrase, `status ${code}`);
  assert.equal(reasonPhrase(299), '');
  assert.equal(reasonPhrase(0), '');
});
