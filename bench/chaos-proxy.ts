/**
 * Fault proxy overhead (issue #17): throughput and added round-trip latency
 * through the proxy with no toxic, against the same traffic sent direct.
 * The proxy runs on CPU 1; the sender, the sink, the echo server and the
 * pinger on CPU 0 (each its own process, started by this file in a role).
 *
 *   node bench/chaos-proxy.ts [RUNS=5] [MB=1024] [CONNS=8] [PINGS=20000]
 *
 * PROXY_CPU=0 puts the proxy on the generator's core too (one core for all).
 */
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { median, pinned, runOnGeneratorCore } from './lib.ts';

const SELF = 'bench/chaos-proxy.ts';

/** A role's stdout lines until one matching `re`. */
function lineOf(child: ReturnType<typeof pinned>, re: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => { const m = re.exec(l); if (m) resolve(m); });
    child.once('exit', (c) => reject(new Error(`role exited ${c}`)));
  });
}

async function listen(server: net.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function connect(address: string): Promise<Socket> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port: Number(port), noDelay: true });
    s.once('connect', () => resolve(s)).once('error', reject);
  });
}

/** Role `servers`: a sink (reads and drops) and a 1-byte-in, 1-byte-out echo. */
async function servers(): Promise<void> {
  const sink = net.createServer((s) => { s.on('data', () => {}); s.on('error', () => {}); });
  const echo = net.createServer({ noDelay: true }, (s) => { s.on('data', (d) => s.write(d)); s.on('error', () => {}); });
  console.log(`servers ${await listen(sink)} ${await listen(echo)}`);
}

/** Role `proxy`: one fault proxy per upstream, no toxic. */
async function proxies(upstreams: string[]): Promise<void> {
  const { startProxy } = await import('../src/chaos/proxy.ts');
  const ps = await Promise.all(upstreams.map((u, i) => startProxy({ name: `bench${i}`, listen: '127.0.0.1:0', upstream: u, enabled: true })));
  console.log(`proxies ${ps.map((p) => p.listen).join(' ')}`);
}

/** Role `send`: MB megabytes over CONNS connections; prints Gbit/s. */
async function send(address: string, totalMb: number, conns: number): Promise<void> {
  const block = Buffer.alloc(256 * 1024, 0x5a);
  const perConn = Math.floor((totalMb * 1024 * 1024) / conns / block.length);
  const sockets = await Promise.all(Array.from({ length: conns }, () => connect(address)));
  const t0 = performance.now();
  await Promise.all(sockets.map(async (s) => {
    for (let i = 0; i < perConn; i++) if (!s.write(block)) await new Promise((r) => s.once('drain', r));
    await new Promise<void>((r) => s.end(() => r()));
  }));
  const seconds = (performance.now() - t0) / 1000;
  for (const s of sockets) s.destroy();
  console.log(`gbps ${((perConn * conns * block.length * 8) / seconds / 1e9).toFixed(3)}`);
}

/** Role `ping`: N one-byte round trips on one connection (the first 10 % are warm-up); prints p50 and p99 in µs. */
async function ping(address: string, n: number): Promise<void> {
  const s = await connect(address);
  const rtts: number[] = [];
  const one = Buffer.from('x');
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await new Promise<void>((r) => { s.once('data', () => r()); s.write(one); });
    if (i >= n / 10) rtts.push((performance.now() - t0) * 1000);
  }
  s.destroy();
  rtts.sort((a, b) => a - b);
  console.log(`rtt ${rtts[Math.floor(rtts.length * 0.5)].toFixed(1)} ${rtts[Math.floor(rtts.length * 0.99)].toFixed(1)}`);
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const mb = Number(process.argv[3] ?? 1024);
  const conns = Number(process.argv[4] ?? 8);
  const pings = Number(process.argv[5] ?? 20000);
  const srv = pinned(0, process.execPath, [SELF, '--role', 'servers']);
  const [, sink, echo] = await lineOf(srv, /^servers (\S+) (\S+)/);
  const proxyCpu = Number(process.env.PROXY_CPU ?? 1);
  const px = pinned(proxyCpu, process.execPath, [SELF, '--role', 'proxy', sink, echo]);
  const [, sinkVia, echoVia] = await lineOf(px, /^proxies (\S+) (\S+)/);
  const gbps = { direct: [] as number[], proxy: [] as number[] };
  const p50 = { direct: [] as number[], proxy: [] as number[] };
  const p99 = { direct: [] as number[], proxy: [] as number[] };
  try {
    for (let i = 0; i < runs; i++) {
      for (const [kind, to, pingTo] of [['direct', sink, echo], ['proxy', sinkVia, echoVia]] as const) {
        const out = await runOnGeneratorCore(process.execPath, [SELF, '--role', 'send', to, String(mb), String(conns)]);
        gbps[kind].push(Number(/gbps (\S+)/.exec(out)![1]));
        const r = /rtt (\S+) (\S+)/.exec(await runOnGeneratorCore(process.execPath, [SELF, '--role', 'ping', pingTo, String(pings)]))!;
        p50[kind].push(Number(r[1]));
        p99[kind].push(Number(r[2]));
      }
    }
  } finally {
    px.kill('SIGTERM');
    srv.kill('SIGTERM');
  }
  const f = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join(' / ');
  console.log(`fault proxy, no toxic: proxy on CPU ${proxyCpu}, sender/sink/echo/pinger on CPU 0; ${mb} MB over ${conns} connections; ${pings} 1-byte round trips; medians of ${runs} runs`);
  console.log(`  throughput direct ${median(gbps.direct).toFixed(2)} Gbit/s  (${f(gbps.direct)})`);
  console.log(`  throughput proxy  ${median(gbps.proxy).toFixed(2)} Gbit/s  (${f(gbps.proxy)})  ratio ${(median(gbps.proxy) / median(gbps.direct)).toFixed(2)}`);
  console.log(`  rtt direct p50 ${median(p50.direct).toFixed(1)} µs  p99 ${median(p99.direct).toFixed(1)} µs  (p50 runs ${f(p50.direct)})`);
  console.log(`  rtt proxy  p50 ${median(p50.proxy).toFixed(1)} µs  p99 ${median(p99.proxy).toFixed(1)} µs  (p50 runs ${f(p50.proxy)})`);
  console.log(`  added: p50 ${(median(p50.proxy) - median(p50.direct)).toFixed(1)} µs  p99 ${(median(p99.proxy) - median(p99.direct)).toFixed(1)} µs`);
}

const role = process.argv[2] === '--role' ? process.argv[3] : undefined;
const args = process.argv.slice(4);
if (role === 'servers') await servers();
else if (role === 'proxy') await proxies(args);
else if (role === 'send') await send(args[0], Number(args[1]), Number(args[2]));
else if (role === 'ping') await ping(args[0], Number(args[1]));
else await main();
