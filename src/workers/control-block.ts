/**
 * A small block of shared memory per VU worker, so that numbers which change
 * on every iteration never need a message: the worker counts the VUs of its
 * arrival-rate scenarios (which it starts and grows by itself), the main
 * thread reads them for the `vus` / `vus_max` gauges and the progress
 * display; the main thread sets PAUSED and the worker's VUs wait on it
 * before each iteration; the worker's event loop beats a heartbeat the
 * main thread watches. Closed-model VUs are counted by the main thread,
 * which starts and stops them.
 */
/** VUs taking part in the worker's arrival-rate scenarios */
export const ARRIVAL_VUS = 0;
/** VUs an arrival-rate scenario initialised beyond its preAllocatedVUs */
export const GROWN_VUS = 1;
export const PAUSED = 2;
/**
 * The worker's heartbeat: a counter its event loop bumps every
 * HEARTBEAT_MS. The main thread sees an endless loop in a script as a
 * counter that stops moving (a message could not tell it: the worker would
 * not read it).
 */
export const HEARTBEAT = 3;
/** the worker's V8 heap limit in MB, for the message when it runs out of memory */
export const HEAP_LIMIT_MB = 4;
/**
 * The chaos faults open now, one bit per fault (options.chaos order): the
 * main thread flips a bit when a fault window opens or closes, and every
 * sample the worker records from then on carries `fault=<name>` (chaos/fault-tags.ts).
 */
export const FAULTS = 5;
/** at most this many faults a test (one bit each in FAULTS) */
export const MAX_FAULTS = 31;
const SLOTS = 6;

export const HEARTBEAT_MS = 100;

export function newControlBlock(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
}

/** Undefined when not paused; else a promise that resolves once PAUSED is back to 0. */
export function pauseWait(block: Int32Array): Promise<void> | undefined {
  if (Atomics.load(block, PAUSED) === 0) return undefined;
  return (async () => {
    while (Atomics.load(block, PAUSED) !== 0) {
      const wait = Atomics.waitAsync(block, PAUSED, 1);
      if (wait.async) await wait.value;
    }
  })();
}

export function setPaused(block: Int32Array, paused: boolean): void {
  Atomics.store(block, PAUSED, paused ? 1 : 0);
  if (!paused) Atomics.notify(block, PAUSED);
}

/** Opens (or closes) chaos fault `index` for every sample the worker records from now on (FAULTS). */
export function setFaultBit(block: Int32Array, index: number, open: boolean): void {
  if (open) Atomics.or(block, FAULTS, 1 << index);
  else Atomics.and(block, FAULTS, ~(1 << index));
}
