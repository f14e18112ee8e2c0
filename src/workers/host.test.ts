/**
 * WorkerHost against real worker threads: an answer awaited from a worker
 * fails when the thread dies, a death is reported once with its cause, an
 * endless loop shows as a silent heartbeat and kill() ends it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerHost } from './host.ts';
import { WorkerLostError, type WorkerDeath } from './worker-death.ts';

/** `init` with the given code as the compiled script (evaluated as the script's factory would be). */
function init(w: WorkerHost, code: string, withinMs?: number) {
  return w.ask({ type: 'init', workerIndex: w.index, script: { path: '/t/s.js', code, filename: '/t/s.js', sourceMap: { version: 3, sources: [], names: [], mappings: '' } }, env: {}, keepPoints: false }, withinMs);
}

test('process.exit() in the script: the awaited answer rejects with WorkerLostError and onDeath reports it once', async () => {
  const w = new WorkerHost(3);
  const deaths: WorkerDeath[] = [];
  w.onDeath((d) => deaths.push(d));
  await assert.rejects(init(w, 'process.exit(7)'), (err: unknown) => err instanceof WorkerLostError && /VU worker 3 exited unexpectedly with code 7/.test(err.message) && err.exitCode === 112);
  assert.equal(w.alive, false);
  assert.deepEqual(deaths.map((d) => d.cause), ['exited']);
  // later awaits fail at once, and a late onDeath hears of it too
  await assert.rejects(w.ask({ type: 'flush' }), WorkerLostError);
  let late: WorkerDeath | undefined;
  w.onDeath((d) => { late = d; });
  assert.equal(late?.worker, 3);
  await w.shutdown();
});

test('an endless loop: the heartbeat goes silent, ask() times out, kill() ends the thread as unresponsive', async () => {
  const w = new WorkerHost(0);
  // a beat arrives within ~100 ms while the thread idles
  const idleSince = Date.now();
  while (w.silentForMs() > 50 || Date.now() - idleSince < 300) {
    await new Promise((r) => setTimeout(r, 20));
    if (Date.now() - idleSince > 5000) assert.fail('no heartbeat from an idle worker');
  }
  await assert.rejects(init(w, 'for (;;) {}', 700), /did not answer \(ready or init-error\) within 1 s/);
  assert.ok(w.silentForMs() >= 500, `silent for ${w.silentForMs()} ms`);
  const deaths: WorkerDeath[] = [];
  w.onDeath((d) => deaths.push(d));
  await w.kill('unresponsive', 'was in an endless loop: terminated it');
  assert.equal(w.alive, false);
  assert.deepEqual(deaths, [{ worker: 0, cause: 'unresponsive', message: 'was in an endless loop: terminated it' }]);
  await w.shutdown();
});

test('shutdown() is no death', async () => {
  const w = new WorkerHost(1);
  const deaths: WorkerDeath[] = [];
  w.onDeath((d) => deaths.push(d));
  await w.shutdown();
  assert.deepEqual(deaths, []);
  assert.equal(w.death, undefined);
});

test('an answer is matched to its request: a late answer to a timed-out request is not taken for the next one', async () => {
  const w = new WorkerHost(2);
  // init code that busy-waits 400 ms: the first request gives up after 100 ms, its answer arrives later
  const slow = 'const end = Date.now() + 400; while (Date.now() < end) {} (function () { return { default: {} }; })';
  await assert.rejects(init(w, slow, 100), /did not answer/);
  // the first answer arrives while the second request waits: the second gets its own (ids 1 and 2)
  const second = await init(w, '(function () { return {}; })', 10_000);
  assert.equal(second.replyTo, 2);
  await w.shutdown();
});
