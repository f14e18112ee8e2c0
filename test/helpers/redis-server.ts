/**
 * Starts a real redis-server (Debian's /usr/bin/redis-server) on 127.0.0.1
 * and a free port, without persistence, waits until it answers PING, and
 * stops it. No server, no pass: a machine without redis-server fails these
 * tests with the command that installs it (.ci/run does).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import tls from 'node:tls';
import { freePort } from './target.ts';

export interface RedisServer {
  host: string;
  port: number;
  /** redis://127.0.0.1:<port>, or rediss:// when started with TLS */
  url: string;
  stop(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';

/** Throws with the install command when redis-server cannot run here. */
export function requireRedisServer(): void {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8', timeout: 5_000 });
  if (probe.status !== 0) throw new Error(`${BINARY} is not installed: apt-get install -y redis-server (.ci/run installs it)`);
}

/** PEM file paths; with them the server speaks only TLS (no client certificates asked). */
export interface RedisTlsFiles {
  certFile: string;
  keyFile: string;
}

/** Spawns redis-server on a free 127.0.0.1 port; resolves once it answers PING (10 s at most). */
export async function startRedisServer(opts: { tls?: RedisTlsFiles } = {}): Promise<RedisServer> {
  const port = await freePort();
  const listen = opts.tls
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', opts.tls.certFile, '--tls-key-file', opts.tls.keyFile, '--tls-auth-clients', 'no']
    : ['--port', String(port)];
  const child = spawn(BINARY, [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port, opts.tls !== undefined))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop(child, exited);
      throw new Error(`redis-server on 127.0.0.1:${port} did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const scheme = opts.tls ? 'rediss' : 'redis';
  return { host: '127.0.0.1', port, url: `${scheme}://127.0.0.1:${port}`, stop: () => stop(child, exited) };
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(killer);
}


function answersPing(port: number, overTls: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = overTls
      ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false })
      : net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => { sock.destroy(); resolve(ok); };
    let reply = '';
    sock.setTimeout(1_000, () => done(false));
    sock.once('error', () => done(false));
    sock.once(overTls ? 'secureConnect' : 'connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => { reply += d; if (reply.includes('\r\n')) done(reply.startsWith('+PONG')); });
  });
}
