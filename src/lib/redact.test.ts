import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets } from './redact.ts';

test('passwords in URLs and secret query parameters are masked, the rest is kept', () => {
  assert.equal(redactSecrets('connect postgres://app:s3cr%40t@db:5432/x failed'), 'connect postgres://app:***@db:5432/x failed');
  assert.equal(redactSecrets('redis://:hunter2@127.0.0.1:6379/0'), 'redis://:***@127.0.0.1:6379/0');
  assert.equal(redactSecrets('http://h/q?a=1&token=abc&b=2'), 'http://h/q?a=1&token=***&b=2');
  assert.equal(redactSecrets('redis://127.0.0.1:6379 LLEN jobs'), 'redis://127.0.0.1:6379 LLEN jobs');
  assert.equal(redactSecrets('http://user@host/'), 'http://user@host/');
});
