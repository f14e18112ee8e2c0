/**
 * nginx from Debian as a benchmark target: one process (no master, one
 * event loop), pinned to a CPU, answering a tiny body from memory. Loopback only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { pinned } from './lib.ts';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** A running nginx; `statusUrl` is nginx's stub_status (its `accepts` counts connects). */
export interface NginxTarget { url: string; statusUrl: string; stop: () => void }

/** Connections nginx has accepted since it started (stub_status `accepts`). */
export async function acceptedConnections(target: NginxTarget): Promise<number> {
  const text = await (await fetch(target.statusUrl)).text();
  const m = /\n\s*(\d+)\s+(\d+)\s+(\d+)/.exec(text);
  if (!m) throw new Error(`unexpected stub_status: ${text}`);
  return Number(m[1]);
}

/**
 * `maxConnections`: worker_connections (and the fd limit nginx raises itself
 * to, which needs root above the shell's hard limit); 10,000-VU runs need
 * one connection per VU.
 */
export async function startNginx(cpu: number, maxConnections = 4096): Promise<NginxTarget> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stampede-nginx-'));
  const port = await freePort();
  writeFileSync(path.join(dir, 'nginx.conf'), `
daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile ${maxConnections * 2 + 64};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections ${maxConnections + 64}; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path ${dir};
  proxy_temp_path ${dir};
  fastcgi_temp_path ${dir};
  uwsgi_temp_path ${dir};
  scgi_temp_path ${dir};
  server {
    listen 127.0.0.1:${port};
    location = /nginx-status { stub_status; }
    location / { return 200 'ok'; }
  }
}
`);
  const child = pinned(cpu, '/usr/sbin/nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')]);
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () => { sock.destroy(); resolve(true); });
      sock.on('error', () => resolve(false));
    });
    if (up) return { url: `http://127.0.0.1:${port}/`, statusUrl: `http://127.0.0.1:${port}/nginx-status`, stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('nginx did not start');
}
