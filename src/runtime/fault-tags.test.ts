import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FaultTagger } from './fault-tags.ts';
import { newControlBlock, setFaultBit } from '../workers/control-block.ts';

test('samples carry fault=<name> exactly while its bit is set; overlapping faults join; tag objects are reused', () => {
  const control = newControlBlock();
  const tagger = new FaultTagger();
  const tags: Record<string, string> = { scenario: 'default', status: '200' };
  assert.equal(tagger.tag(tags), tags, 'not configured: untouched');
  tagger.configure(control, ['outage', 'slow_db']);
  assert.equal(tagger.tag(tags), tags, 'no fault open: the same object');
  setFaultBit(control, 0, true);
  const during = tagger.tag(tags);
  assert.deepEqual(during, { scenario: 'default', status: '200', fault: 'outage' });
  assert.equal(tagger.tag(tags), during, 'cached per tag set');
  setFaultBit(control, 1, true);
  assert.equal(tagger.tag(tags).fault, 'outage+slow_db');
  setFaultBit(control, 0, false);
  assert.equal(tagger.tag(tags).fault, 'slow_db');
  setFaultBit(control, 1, false);
  assert.equal(tagger.tag(tags), tags);
  const none = new FaultTagger();
  none.configure(control, []);
  setFaultBit(control, 0, true);
  assert.equal(none.tag(tags), tags, 'a test without chaos never tags');
});
