import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ProxyError } from './proxy.ts';
import { ProxyRegistry } from './registry.ts';
import { startFaultProxy } from './start-proxy.ts';

const T = { timeout: 10_000 };

async function echoServer(): Promise<{ address: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); s.pipe(s); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

function echoOnce(address: string): Promise<string> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port: Number(port) }, () => s.write('ping'));
    s.once('data', (d) => { resolve(String(d)); s.destroy(); });
    s.once('error', reject);
    s.once('close', () => reject(new Error('closed')));
  });
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (err) {
    assert.ok(err instanceof ProxyError, String(err));
    return err.status;
  }
}

test('create, get, list, duplicate 409, unknown 404, bad fields 400', T, async () => {
  const up = await echoServer();
  const reg = new ProxyRegistry();
  try {
    const p = await reg.create({ name: 'a', upstream: up.address });
    assert.match(p.listen, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(p.listen, '127.0.0.1:0');
    assert.equal(await echoOnce(p.listen), 'ping');
    assert.equal(reg.get('a'), p);
    assert.deepEqual(reg.list().map((x) => x.name), ['a']);
    assert.equal(await status(reg.create({ name: 'a', upstream: up.address })), 409);
    assert.equal(await status(Promise.resolve().then(() => reg.get('nope'))), 404);
    assert.equal(await status(reg.create({ name: '', upstream: up.address })), 400);
    assert.equal(await status(reg.create({ name: 'b' })), 400);
    assert.equal(await status(reg.create({ name: 'b', upstream: 'nope' })), 400);
    assert.equal(await status(reg.delete('nope')), 404);
  } finally {
    await reg.close();
    await up.close();
  }
});

test('two creates of one name at once: one wins, one is 409', T, async () => {
  const up = await echoServer();
  const reg = new ProxyRegistry();
  try {
    const got = await Promise.all([status(reg.create({ name: 'x', upstream: up.address })), status(reg.create({ name: 'x', upstream: up.address }))]);
    assert.deepEqual(got.sort(), [0, 409]);
  } finally {
    await reg.close();
    await up.close();
  }
});

test('update: enabled toggles; a new upstream or listen restarts with the toxics kept', T, async () => {
  const up1 = await echoServer();
  const up2 = await echoServer();
  const reg = new ProxyRegistry();
  try {
    const p = await reg.create({ name: 'a', upstream: up1.address });
    p.addToxic({ name: 'lat', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 1 } });
    const same = await reg.update('a', { enabled: false });
    assert.equal(same, p);
    assert.equal(p.enabled, false);
    await assert.rejects(echoOnce(p.listen));
    await reg.update('a', { enabled: true, listen: p.listen, upstream: up1.address });
    assert.equal(reg.get('a'), p, 'same listen and upstream: no restart');
    assert.equal(await echoOnce(p.listen), 'ping');
    const moved = await reg.update('a', { upstream: up2.address });
    assert.notEqual(moved, p);
    assert.equal(moved.listen, p.listen);
    assert.equal(moved.upstream, up2.address);
    assert.deepEqual(moved.toxics().map((t) => t.name), ['lat']);
    assert.equal(await echoOnce(moved.listen), 'ping');
    const relisted = await reg.update('a', { listen: '127.0.0.1:0' });
    assert.notEqual(relisted.listen, moved.listen);
    assert.equal(await echoOnce(relisted.listen), 'ping');
    await assert.rejects(echoOnce(moved.listen));
    assert.equal(await status(reg.update('a', { enabled: 'yes' })), 400);
  } finally {
    await reg.close();
    await up1.close();
    await up2.close();
  }
});

test('populate creates, keeps the same, replaces a changed one; reset clears toxics and enables', T, async () => {
  const up1 = await echoServer();
  const up2 = await echoServer();
  const reg = new ProxyRegistry();
  try {
    const [a, b] = await reg.populate([{ name: 'a', upstream: up1.address }, { name: 'b', upstream: up1.address, enabled: false }]);
    assert.equal(b.enabled, false);
    a.addToxic({ name: 't', type: 'timeout', stream: 'upstream', toxicity: 1, attributes: { timeout: 0 } });
    const again = await reg.populate([{ name: 'a', listen: a.listen, upstream: up1.address }, { name: 'b', upstream: up2.address }]);
    assert.equal(again[0], a, 'same listen and upstream: kept');
    assert.notEqual(again[1], b, 'another upstream: replaced');
    assert.equal(again[1].upstream, up2.address);
    assert.equal(await status(reg.populate({ name: 'c' })), 400);
    assert.equal(await status(reg.populate([{ name: 'c', upstream: up1.address }, { name: 'c', upstream: up1.address }])), 400);
    a.enabled = false;
    await reg.reset();
    assert.equal(a.enabled, true);
    assert.deepEqual(a.toxics(), []);
    assert.equal(await echoOnce(a.listen), 'ping');
    await reg.delete('b');
    assert.deepEqual(reg.list().map((p) => p.name), ['a']);
  } finally {
    await reg.close();
    await up1.close();
    await up2.close();
  }
});

test('an adopted proxy takes toxics and enabled, but is not deleted, moved or closed here', T, async () => {
  const up = await echoServer();
  const own = await startFaultProxy({ name: 'run', listen: '127.0.0.1:0', upstream: up.address, enabled: true });
  const reg = new ProxyRegistry();
  try {
    reg.adopt(own);
    assert.throws(() => reg.adopt(own), (e: unknown) => e instanceof ProxyError && e.status === 409);
    await reg.update('run', { enabled: false });
    assert.equal(own.enabled, false);
    assert.equal(await status(reg.update('run', { upstream: '127.0.0.1:1' })), 409);
    assert.equal(await status(reg.delete('run')), 409);
    await reg.reset();
    assert.equal(own.enabled, true);
    await reg.close();
    assert.equal(await echoOnce(own.listen), 'ping', 'the run still owns it');
  } finally {
    await own.close();
    await up.close();
  }
});
