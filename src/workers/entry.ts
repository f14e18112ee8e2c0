/**
 * Worker thread entry: wires the thread's message port to the runtime.
 * Commands are handled one at a time in arrival order, except that a
 * long-running command (start-vus) does not hold up the next ones.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { WorkerRuntime } from '../runtime/index.ts';
import type { WorkerCommand, WorkerEvent } from './protocol.ts';
import { HEARTBEAT, HEARTBEAT_MS, HEAP_LIMIT_MB } from './control-block.ts';

const port = parentPort;
if (!port) throw new Error('workers/entry.ts must run in a worker thread');

// The heartbeat the main thread watches (host.ts): it stops when a script's
// code never yields, which no message could report.
const control = (workerData as { control: Int32Array }).control;
Atomics.store(control, HEAP_LIMIT_MB, Math.round(getHeapStatistics().heap_size_limit / 2 ** 20));
setInterval(() => Atomics.add(control, HEARTBEAT, 1), HEARTBEAT_MS).unref();

const runtime = new WorkerRuntime((event: WorkerEvent) => port.postMessage(event));
// A promise the script rejected and never handled is the script's error, not
// the worker's: log it as k6 does and go on (Node would end the thread).
process.on('unhandledRejection', (reason) => runtime.reportUnhandledRejection(reason));
port.on('message', (cmd: WorkerCommand) => {
  runtime.handle(cmd).then(() => {
    if (cmd.type === 'shutdown') {
      port.close();
      // A script's timer still pending (a sleep in a timed-out setup, a hung
      // request) must not keep the thread alive: leave shortly after.
      setTimeout(() => process.exit(0), 100).unref();
    }
  }, (err: unknown) => {
    port.postMessage({ type: 'log', level: 'error', line: `internal error handling ${cmd.type}: ${err instanceof Error ? err.stack : String(err)}` } satisfies WorkerEvent);
  });
});
