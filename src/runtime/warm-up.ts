/**
 * JIT warm-up of a worker's HTTP iteration path, before a high-rate
 * arrival-rate scenario starts its clock.
 *
 * Go (k6) starts compiled; a fresh V8 isolate runs our request path in the
 * interpreter first, several times slower than once optimised. At 5,000 it/s
 * that first half second makes the one event loop late, every late iteration
 * takes another VU, every new VU opens a connection, and the spiral drops a
 * thousand scheduled iterations (bench/README.md, arrival-rate accuracy).
 *
 * So, like a benchmark harness's warm-up iterations, the worker first runs
 * real iterations — `http.get` through the k6/http module, a VU engine and
 * its connection pool, undici and llhttp, the response and its samples —
 * against a throwaway HTTP server inside the worker on 127.0.0.1. Nothing
 * reaches the system under test, and the samples go to a batcher that is
 * thrown away: no metric, output or summary sees them.
 */
import net, { type AddressInfo } from 'node:net';
import { newWorkerBatcher } from './worker-batcher.ts';
import { Vu, type VuShared } from './vu.ts';
import { createModuleResolver } from './modules/index.ts';
import { runIteration, type LoopHooks } from './iteration-loop.ts';

export interface WarmUpResult {
  iterations: number;
  ms: number;
}

const SILENT = { warn() {}, error() {}, info() {}, debug() {} };

const IGNORE_HOOKS: LoopHooks = {
  onIterationError() {},
  onAbort() {},
  pauseWait: () => undefined,
};

const RESPONSE = 'HTTP/1.1 200 OK\r\nServer: stampede-warm-up\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok';
const CLOSING_RESPONSE = 'HTTP/1.1 200 OK\r\nServer: stampede-warm-up\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok';
/**
 * The first responses close their connection, so the VUs' next requests
 * connect again: a VU's first request always connects, and that path
 * (lookup, connect, the pool's bookkeeping) must be compiled too.
 */
const CLOSING_RESPONSES = 40;

/**
 * The warm-up's only peer, on a free loopback port: a 200 "ok" for every
 * request head it reads (the warm-up sends GETs without a body). Plain
 * `net`, because node:http would load Node's bundled undici into the worker
 * (see lazy-imports.test.ts) and costs the warm-up more CPU than the client.
 */
async function startPeer(): Promise<{ url: string; close(): void }> {
  const sockets = new Set<net.Socket>();
  let answered = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding('latin1');
    let tail = '';
    socket.on('data', (chunk: string) => {
      const text = tail + chunk;
      let heads = 0;
      let end = 0;
      for (let i = text.indexOf('\r\n\r\n'); i !== -1; i = text.indexOf('\r\n\r\n', end)) { heads++; end = i + 4; }
      tail = text.slice(Math.max(end, text.length - 3));
      if (heads === 0) return;
      answered += heads;
      if (answered <= CLOSING_RESPONSES) socket.end(CLOSING_RESPONSE);
      else socket.write(RESPONSE.repeat(heads));
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // by name, so the warm-up runs the lookup path too (http/hosts-file.ts answers it without the network)
  return { url: `http://localhost:${port}/`, close: () => { for (const s of sockets) s.destroy(); server.close(); } };
}

/** VUs taking turns in the warm-up: enough to keep the one core busy while each waits for its response. */
const WARM_UP_VUS = 8;
/** However many iterations were asked for, the start is not held up longer than this. */
const WARM_UP_MAX_MS = 3000;

/**
 * Runs `iterations` warm-up iterations spread over a few VUs created for it
 * and closed after, for at most WARM_UP_MAX_MS. `shared` gives the test's
 * options (so the same code paths run, e.g. discarded bodies); its sink and
 * logger are not used.
 */
export async function warmUpHttpPath(shared: VuShared, iterations: number, vus = WARM_UP_VUS): Promise<WarmUpResult> {
  const started = performance.now();
  const peer = await startPeer();
  const throwaway: VuShared = {
    ...shared,
    logger: SILENT,
    sink: newWorkerBatcher(false).sink,
    reportError() {},
    // exec.instance counts the test's iterations: the warm-up keeps its own
    instance: { iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 },
  };
  const crew: Vu[] = [];
  let done = 0;
  try {
    for (let i = 0; i < vus; i++) {
      const vu = new Vu(i + 1, throwaway);
      const resolve = createModuleResolver(vu.runtime, { counters: vu.counters, sleep: (ms) => vu.sleep(ms) });
      const httpModule = resolve('k6/http').default as { get(url: string): unknown };
      vu.exports = { default: () => httpModule.get(peer.url) };
      vu.state.inInit = false;
      vu.enterScenario('warm-up', 'constant-arrival-rate', {}, Date.now());
      crew.push(vu);
    }
    await Promise.all(crew.map(async (vu) => {
      const exec = vu.exports.default as (d: unknown) => unknown;
      while (done < iterations && performance.now() - started < WARM_UP_MAX_MS) {
        done++;
        await runIteration(vu, exec, undefined, done, IGNORE_HOOKS);
      }
    }));
  } finally {
    await Promise.all(crew.map((vu) => vu.close()));
    peer.close();
  }
  return { iterations: done, ms: performance.now() - started };
}
