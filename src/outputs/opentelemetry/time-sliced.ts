/**
 * Runs a long piece of main-thread work in slices: it steps an iterator
 * for at most `sliceMs`, then lets the event loop run (setImmediate) before
 * going on. Recording a busy second of trend samples into the OpenTelemetry
 * SDK takes a few µs per sample; sliced, it never holds the main thread
 * (batch merging, thresholds, the REST API) for longer than one slice.
 */

/** Steps `work` to the end, yielding to the event loop every `sliceMs`. */
export function runSliced(work: Iterator<unknown>, sliceMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = () => {
      try {
        const end = performance.now() + sliceMs;
        for (;;) {
          // the clock is read every 32 steps: a step is a few µs
          for (let i = 0; i < 32; i++) if (work.next().done) { resolve(); return; }
          if (performance.now() >= end) break;
        }
        setImmediate(step);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    step();
  });
}
