/**
 * `stampede proxy` (issue #17) driven end to end by the npm Toxiproxy client
 * (toxiproxy-node-client), unchanged, against a real node:http upstream:
 * proxies, a latency toxic measured on the wire, enabled=false, populate,
 * reset, version, Toxiproxy's error shapes, and Ctrl-C closing every port.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { Toxiproxy, ToxiproxyError } from 'toxiproxy-node-client';
import { ROOT } from './helpers/cli.ts';
import { freePort } from './helpers/target.ts';

const T = { timeout: 30_000 };
const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');

/** A node:http upstream answering "hello <path>". */
async function upstream(): Promise<{ address: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => res.end(`hello ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

interface Cli {
  child: ChildProcess;
  url: string;
  port: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `stampede proxy --api 127.0.0.1:<free>` from dist/, ready once it says where the API is. */
async function startCli(extra: string[] = []): Promise<Cli> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN, 'proxy', '--api', `127.0.0.1:${port}`, ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let err = '';
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stampede proxy did not start:\n${err}`)), 10_000);
    child.stderr?.on('data', (d) => {
      err += d;
      if (err.includes('Toxiproxy API on http://')) { clearTimeout(timer); resolve(); }
    });
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`stampede proxy exited with ${code}:\n${err}`)); });
  });
  return { child, url: `http://127.0.0.1:${port}`, port, stderr: () => err, exited };
}

function kill(cli: Cli | undefined): void {
  if (cli?.child.pid !== undefined && cli.child.exitCode === null) process.kill(cli.child.pid, 'SIGKILL');
}

/** GET through `address` on a fresh connection: the body and how long it took (ms). */
function get(address: string, p = '/'): Promise<{ body: string; ms: number }> {
  const [host, port] = address.split(':');
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port: Number(port), path: p, agent: false, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve({ body, ms: performance.now() - t0 }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

async function statusOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof ToxiproxyError, String(err));
    return err.message;
  }
}

test('toxiproxy-node-client drives stampede proxy: proxy, latency, down, populate, reset, version, errors', T, async (t) => {
  const up = await upstream();
  let cli: Cli | undefined;
  try {
    cli = await startCli();
    const toxiproxy = new Toxiproxy(cli.url);

    const version = await toxiproxy.getVersion();
    assert.match(JSON.parse(version).version, /^2\.\d+\.\d+$/);

    const proxy = await toxiproxy.createProxy({ name: 'web', listen: '127.0.0.1:0', upstream: up.address });
    assert.equal(proxy.name, 'web');
    assert.equal(proxy.enabled, true);
    assert.match(proxy.listen, /^127\.0\.0\.1:[1-9]\d*$/, 'the real port comes back');
    assert.equal((await get(proxy.listen, '/a')).body, 'hello /a');

    // latency 200 ms on the answers: a request takes ≥ 200 ms, and not much more
    const latency = await proxy.addToxic({ type: 'latency', attributes: { latency: 200, jitter: 0 } } as never);
    assert.equal(latency.name, 'latency_downstream');
    assert.equal(latency.stream, 'downstream');
    assert.equal(latency.toxicity, 1);
    assert.deepEqual(latency.attributes, { latency: 200, jitter: 0 });
    const slow = await get(proxy.listen, '/slow');
    assert.equal(slow.body, 'hello /slow');
    t.diagnostic(`through latency 200 ms: ${slow.ms.toFixed(1)} ms`);
    assert.ok(slow.ms >= 200 && slow.ms < 280, `latency 200 ms: took ${slow.ms.toFixed(1)} ms`);
    const got = await proxy.getToxic<{ latency: number }>('latency_downstream');
    assert.equal(got.attributes.latency, 200);
    const updated = await got.update({ ...got.toJson(), attributes: { latency: 50 } } as never);
    assert.equal(updated.attributes.latency, 50);
    assert.equal((await toxiproxy.get('web')).toJson().name, 'web');
    const raw = (await (await fetch(`${cli.url}/proxies/web`)).json()) as { toxics: unknown[] };
    assert.deepEqual(raw.toxics, [{ name: 'latency_downstream', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 50, jitter: 0 } }]);
    await updated.remove();
    const fast = await get(proxy.listen, '/fast');
    assert.ok(fast.ms < 100, `toxic removed: took ${fast.ms.toFixed(1)} ms`);

    // down: enabled false refuses/closes connections; true again works
    const down = await proxy.update({ ...proxy.toJson(), enabled: false });
    assert.equal(down.enabled, false);
    await assert.rejects(get(proxy.listen, '/down'), /ECONNRESET|ECONNREFUSED|socket hang up/);
    const back = await down.update({ ...down.toJson(), enabled: true });
    assert.equal(back.enabled, true);
    assert.equal((await get(proxy.listen, '/back')).body, 'hello /back');

    // populate two proxies
    const populated = await toxiproxy.populate([
      { name: 'api', listen: '127.0.0.1:0', upstream: up.address },
      { name: 'db', listen: '127.0.0.1:0', upstream: up.address, enabled: true },
    ]);
    assert.deepEqual(Object.keys(populated).sort(), ['api', 'db']);
    assert.equal((await get(populated.api.listen, '/api')).body, 'hello /api');
    assert.deepEqual(Object.keys(await toxiproxy.getAll()).sort(), ['api', 'db', 'web']);

    // reset: toxics gone, proxies enabled
    await populated.db.addToxic({ name: 'cut', type: 'timeout', stream: 'upstream', toxicity: 1, attributes: { timeout: 0 } });
    await populated.api.update({ ...populated.api.toJson(), enabled: false });
    await toxiproxy.reset();
    const all = await toxiproxy.getAll();
    assert.equal(all.api.enabled, true);
    const dbRaw = (await (await fetch(`${cli.url}/proxies/db/toxics`)).json()) as unknown[];
    assert.deepEqual(dbRaw, []);
    assert.equal((await get(populated.db.listen, '/db')).body, 'hello /db');

    // errors: the client sees the status; the body is Toxiproxy's {error, status}
    assert.match(await statusOf(toxiproxy.get('nope')), /status code 404/);
    assert.match(await statusOf(toxiproxy.createProxy({ name: 'web', listen: '127.0.0.1:0', upstream: up.address })), /status code 409/);
    assert.match(await statusOf(proxy.addToxic({ type: 'nonsense', attributes: {} } as never)), /status code 400/);
    const notFound = await fetch(`${cli.url}/proxies/nope`);
    assert.equal(notFound.status, 404);
    assert.deepEqual(await notFound.json(), { error: 'proxy not found', status: 404 });
    const dup = await fetch(`${cli.url}/proxies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'web', upstream: up.address }) });
    assert.equal(dup.status, 409);
    assert.deepEqual(await dup.json(), { error: 'proxy already exists', status: 409 });
    const noToxic = await fetch(`${cli.url}/proxies/web/toxics/nope`);
    assert.deepEqual([noToxic.status, await noToxic.json()], [404, { error: 'toxic not found', status: 404 }]);
    const browser = await fetch(`${cli.url}/proxies`, { headers: { 'user-agent': 'Mozilla/5.0' } });
    assert.equal(browser.status, 403);

    await (await toxiproxy.get('api')).remove();
    assert.deepEqual(Object.keys(await toxiproxy.getAll()).sort(), ['db', 'web']);
  } finally {
    kill(cli);
    await up.close();
  }
});

test('--config starts the populate JSON; Ctrl-C exits 0 and closes the API and every proxy', T, async () => {
  const up = await upstream();
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(path.join(tmpdir(), 'stampede-proxy-'));
  const proxyPort = await freePort();
  const config = path.join(dir, 'proxies.json');
  await writeFile(config, JSON.stringify([{ name: 'web', listen: `127.0.0.1:${proxyPort}`, upstream: up.address, enabled: true }]));
  let cli: Cli | undefined;
  try {
    cli = await startCli(['--config', config]);
    const proxy = await new Toxiproxy(cli.url).get('web');
    assert.equal(proxy.listen, `127.0.0.1:${proxyPort}`);
    assert.equal((await get(proxy.listen, '/cfg')).body, 'hello /cfg');
    await new Toxiproxy(cli.url).createProxy({ name: 'extra', listen: '127.0.0.1:0', upstream: up.address });
    const extraPort = Number((await new Toxiproxy(cli.url).get('extra')).listen.split(':')[1]);

    process.kill(cli.child.pid!, 'SIGINT');
    assert.equal(await cli.exited, 0, cli.stderr());
    assert.equal(await canConnect(cli.port), false, 'the API port is closed');
    assert.equal(await canConnect(proxyPort), false, 'the --config proxy is closed');
    assert.equal(await canConnect(extraPort), false, 'the API-created proxy is closed');
  } finally {
    kill(cli);
    await up.close();
  }
});

test('a bad --config is exit 104 with the reason', T, async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(path.join(tmpdir(), 'stampede-proxy-'));
  const config = path.join(dir, 'proxies.json');
  await writeFile(config, JSON.stringify([{ name: 'web', listen: '127.0.0.1:0' }]));
  const child = spawn(process.execPath, [MAIN, 'proxy', '--api', `127.0.0.1:${await freePort()}`, '--config', config], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  child.stdout.resume();
  try {
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 104, err);
    assert.match(err, /missing required field: upstream/);
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }
});
