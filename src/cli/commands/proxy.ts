/**
 * `stampede proxy`: the fault proxies on their own (issue #17), behind
 * Toxiproxy's HTTP API, until Ctrl-C / SIGTERM; then every proxy closes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ProxyRegistry } from '../../chaos/registry.ts';
import { startToxiproxyApi } from '../../chaos/toxiproxy-api.ts';
import { parseAddress } from '../../chaos/proxy.ts';
import { ConfigError, ExitCode, StampedeError } from '../../errors/index.ts';
import { PROXY_HELP } from '../help.ts';
import type { CliContext } from '../context.ts';

export const DEFAULT_TOXIPROXY_API = '127.0.0.1:8474';

export async function proxyCommand(argv: string[], ctx: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { api: { type: 'string' }, config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
  } catch (err) {
    throw new ConfigError([(err as Error).message], 'see `stampede proxy --help`');
  }
  const v = parsed.values;
  if (v.help) { ctx.stdout(`${PROXY_HELP}\n`); return ExitCode.ok; }
  let api: { host: string; port: number };
  try {
    api = parseAddress(v.api ?? DEFAULT_TOXIPROXY_API);
  } catch (err) {
    throw new ConfigError([`--api: ${(err as Error).message}`], 'e.g. --api 127.0.0.1:8474');
  }
  let config: unknown;
  if (v.config !== undefined) {
    const file = path.resolve(ctx.cwd, v.config);
    try {
      config = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new ConfigError([`--config ${v.config}: ${(err as Error).message}`], "a JSON array of proxies, as Toxiproxy's -config takes");
    }
  }

  const registry = new ProxyRegistry();
  try {
    if (config !== undefined) {
      try {
        await registry.populate(config);
      } catch (err) {
        throw new ConfigError([`--config ${v.config}: ${(err as Error).message}`], "a JSON array of {name, listen, upstream, enabled}, as Toxiproxy's -config takes");
      }
    }
    let server;
    try {
      server = await startToxiproxyApi(registry, { host: api.host === '' ? '0.0.0.0' : api.host, port: api.port });
    } catch (err) {
      throw new StampedeError('E_PROXY_API', `the Toxiproxy API cannot listen on ${v.api ?? DEFAULT_TOXIPROXY_API}: ${(err as Error).message}`, { exitCode: ExitCode.cannotStartRestApi, hint: 'pick another --api address' });
    }
    ctx.stderr(`Toxiproxy API on http://${server.address} (Ctrl-C to stop)\n`);
    for (const p of registry.list()) ctx.stderr(`  proxy ${p.name}: ${p.listen} → ${p.upstream}${p.enabled ? '' : ' (disabled)'}\n`);
    if (!ctx.signal.aborted) await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    await server.close();
    return ExitCode.ok;
  } finally {
    await registry.close();
  }
}
