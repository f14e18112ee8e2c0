import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VuEventLoop } from './event-loop.ts';

test('idle() waits for every hold to be released, once each', async () => {
  const loop = new VuEventLoop();
  assert.equal(loop.idle(), undefined);
  const a = loop.hold();
  const b = loop.hold();
  let done = false;
  const idle = loop.idle()!.then(() => { done = true; });
  a();
  a(); // releasing twice counts once
  await new Promise((r) => setImmediate(r));
  assert.equal(done, false);
  assert.equal(loop.pending, 1);
  b();
  await idle;
  assert.equal(done, true);
  assert.equal(loop.pending, 0);
});
