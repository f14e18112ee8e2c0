import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asyncCheck } from './k6-utils.ts';

/** k6's check as the core module records it: each checker called with the value, the results kept. */
function recordingCheck() {
  const recorded: [string, boolean][] = [];
  const core = (value: unknown, sets: Record<string, unknown>) => {
    let all = true;
    for (const [name, fn] of Object.entries(sets)) { const ok = Boolean((fn as (v: unknown) => unknown)(value)); recorded.push([name, ok]); all &&= ok; }
    return all;
  };
  return { core, recorded };
}

test('k6-utils check awaits Promise results and records each with k6\'s check; plain results stay synchronous', async () => {
  const { core, recorded } = recordingCheck();
  const check = asyncCheck(core);
  const pending = check(5, { 'is five': async (v: unknown) => v === 5, 'is six': (v: unknown) => Promise.resolve(v === 6), plain: true });
  assert.ok(pending instanceof Promise);
  assert.equal(await pending, false);
  assert.deepEqual(recorded, [['is five', true], ['is six', false], ['plain', true]]);
  assert.equal(check(1, { sync: (v: unknown) => v === 1 }), true, 'a boolean, not a Promise, when nothing was async');
});
