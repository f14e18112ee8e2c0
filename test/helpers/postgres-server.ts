/**
 * Starts a real PostgreSQL (Debian's postgresql package, binaries in
 * /usr/lib/postgresql/<version>/bin) on 127.0.0.1 and a free port, with a
 * throw-away cluster in a temp dir, fsync off and a password-protected
 * superuser `stampede`; waits until it accepts connections; stops the PID it
 * started and removes the dir. PostgreSQL refuses to run as root, so as root
 * initdb and postgres run as `nobody` (spawn's uid/gid). No binaries, no pass:
 * a machine without them fails with the command that installs them.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './target.ts';

export interface PostgresServer {
  /** postgres://stampede:<password>@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const INSTALL = 'apt-get install -y postgresql (.ci/run installs it)';

/** The directory holding initdb and postgres: $POSTGRES_BINDIR, `pg_config --bindir`, or the newest /usr/lib/postgresql/<version>/bin. */
function binDir(): string | undefined {
  const candidates: string[] = [];
  if (process.env.POSTGRES_BINDIR) candidates.push(process.env.POSTGRES_BINDIR);
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8', timeout: 5_000 });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(root, v, 'bin')));
  }
  return candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres')));
}

/** Throws with the install command when PostgreSQL's server binaries are missing. */
export function requirePostgres(): string {
  const dir = binDir();
  if (!dir) throw new Error(`PostgreSQL server binaries (initdb, postgres) not found: ${INSTALL}`);
  return dir;
}

/** As root: the uid/gid of `nobody`, whom PostgreSQL agrees to run as. Otherwise: nothing to switch. */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => {
    const out = spawnSync('id', [flag, 'nobody'], { encoding: 'utf8', timeout: 5_000 });
    if (out.status !== 0) throw new Error(`running as root and there is no user "nobody" to run PostgreSQL as: ${out.stderr}`);
    return Number(out.stdout.trim());
  };
  return { uid: id('-u'), gid: id('-g') };
}

/** initdb + postgres on a free 127.0.0.1 port; resolves once a client can log in (20 s at most). */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = requirePostgres();
  const user = unprivilegedUser();
  const dir = await mkdtemp(path.join(tmpdir(), 'stampede-postgres-'));
  const data = path.join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const pwfile = path.join(dir, 'pw');
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) {
    await chown(dir, user.uid, user.gid);
    await chown(pwfile, user.uid, user.gid);
  }
  // cwd: the temp dir, which `nobody` can enter (the project dir maybe not)
  const as: SpawnOptions = { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' }, ...user };

  const init = spawnSync(path.join(bin, 'initdb'), [
    '-D', data, '-U', 'stampede', `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256',
    '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions',
  ], { ...as, encoding: 'utf8', timeout: 60_000 });
  if (init.status !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.error?.message ?? `exit ${init.status}`}):\n${init.stdout}${init.stderr}`);
  }

  const port = await freePort();
  const child = spawn(path.join(bin, 'postgres'), [
    '-D', data, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`,
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
    '-c', 'max_connections=50', '-c', 'shared_buffers=16MB',
  ], { ...as, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (err) => { output += `\n${err.message}`; });

  const url = `postgres://stampede:${password}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 20_000;
  while (!(await acceptsLogin(url))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop(child, exited, dir);
      throw new Error(`postgres on 127.0.0.1:${port} did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, stop: () => stop(child, exited, dir) };
}

async function acceptsLogin(url: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function stop(child: ChildProcess, exited: Promise<void>, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    // SIGINT: PostgreSQL's "fast" shutdown (ends sessions, no waiting for clients)
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  }
  await rm(dir, { recursive: true, force: true });
}
