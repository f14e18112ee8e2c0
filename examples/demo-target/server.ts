/**
 * The demo target service: a small API modelled on the load-test plans
 * (approvals with a background executor, a match queue, signed webhooks,
 * paginated activity, HTMX partials, uploads) plus httpbin-style helpers and
 * request counters, for Stampede's demo, examples and integration tests.
 *
 * As a process:
 *   node examples/demo-target/server.ts [--port 3333] [--host 127.0.0.1] [--delay-ms 0]
 * prints one line `demo-target listening on http://HOST:PORT` when ready and
 * exits 0 on SIGTERM/SIGINT (closing the BullMQ queue and worker, if any).
 * With env REDIS_URL approved actions run through a real BullMQ queue
 * (queue-executor.ts). Plan 002's chaos-drill services (drill-services.ts):
 * DATABASE_URL serves GET /profiles/:id from PostgreSQL (cached in Redis with
 * REDIS_URL), REDIS_URL also runs the `notifications` queue. As a library:
 * startDemoTarget().
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startDemoTarget } from './app.ts';
import type { DrillServiceOptions } from './drill-services.ts';

export { startDemoTarget } from './app.ts';
export type { DemoTarget, DemoTargetOptions } from './app.ts';
export type { RequestCounts } from './state.ts';

/** The port the process listens on when --port is not given (the example scripts' default). */
export const DEFAULT_PORT = 3333;

const USAGE = `usage: node examples/demo-target/server.ts [--port ${DEFAULT_PORT}] [--host 127.0.0.1] [--delay-ms 0]
  --port N       TCP port (0 picks a free one)
  --host ADDR    interface to bind
  --delay-ms N   fixed delay added before every response (except /stats)
env STRIPE_WEBHOOK_SECRET  webhook signing secret (default whsec_demo)
env REDIS_URL              execute approved actions through the BullMQ queue action-executor on this Redis
env EXECUTOR_CONCURRENCY   jobs the BullMQ worker runs at once (default 2)
env EXECUTE_AFTER_MS       time from approval to execution, per job (default 200)
env DATABASE_URL           serve GET /profiles/:id from a seeded PostgreSQL table (cached in REDIS_URL's Redis)
env NOTIFICATIONS_WORKER_REDIS_URL  the notifications worker's Redis (default REDIS_URL; e.g. a fault proxy)
env CACHE_TTL_S            TTL of a cached profile (default 60)
env DB_RETRY_WINDOW_MS     how long a failed read retries on fresh connections (default 3000)
env NOTIFY_CONCURRENCY     notification jobs sent at once (default 4); NOTIFY_WORK_MS per job (default 10)
env SERVICES_WAIT_MS       how long to wait for Redis/PostgreSQL at start (default 5000)
`;

/** Plan 002's drill-service settings from the environment, or a message saying what is wrong. */
export function drillServicesFromEnv(env: NodeJS.ProcessEnv): DrillServiceOptions | string {
  const numbers: Record<string, number | undefined> = {};
  for (const [name, min] of [['CACHE_TTL_S', 1], ['DB_RETRY_WINDOW_MS', 0], ['NOTIFY_CONCURRENCY', 1], ['NOTIFY_WORK_MS', 0], ['SERVICES_WAIT_MS', 0]] as const) {
    const raw = env[name];
    if (!raw) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) return `${name} must be an integer >= ${min}, got ${raw}`;
    numbers[name] = n;
  }
  if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) return 'DATABASE_URL must be postgres://…';
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    notificationsWorkerRedisUrl: env.NOTIFICATIONS_WORKER_REDIS_URL || undefined,
    cacheTtlS: numbers.CACHE_TTL_S, dbRetryWindowMs: numbers.DB_RETRY_WINDOW_MS,
    notifyConcurrency: numbers.NOTIFY_CONCURRENCY, notifyWorkMs: numbers.NOTIFY_WORK_MS, servicesWaitMs: numbers.SERVICES_WAIT_MS,
  };
}

/** The executor settings from the environment, or a message saying what is wrong. */
export function executorFromEnv(env: NodeJS.ProcessEnv): { redisUrl?: string; executorConcurrency?: number; executeAfterMs?: number } | string {
  const concurrency = env.EXECUTOR_CONCURRENCY ? Number(env.EXECUTOR_CONCURRENCY) : undefined;
  const executeAfterMs = env.EXECUTE_AFTER_MS ? Number(env.EXECUTE_AFTER_MS) : undefined;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) return `EXECUTOR_CONCURRENCY must be a positive integer, got ${env.EXECUTOR_CONCURRENCY}`;
  if (executeAfterMs !== undefined && (!Number.isInteger(executeAfterMs) || executeAfterMs < 0)) return `EXECUTE_AFTER_MS must be a non-negative integer, got ${env.EXECUTE_AFTER_MS}`;
  return { redisUrl: env.REDIS_URL || undefined, executorConcurrency: concurrency, executeAfterMs };
}

/** Options parsed from the command line, or a message saying what is wrong. */
export function parseServerArgs(argv: string[]): { port: number; host: string; delayMs: number; help: boolean } | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, host: { type: 'string' }, 'delay-ms': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return (error as Error).message;
  }
  const port = Number(values.port ?? DEFAULT_PORT);
  const delayMs = Number(values['delay-ms'] ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return `--port must be an integer from 0 to 65535, got ${values.port}`;
  if (!Number.isInteger(delayMs) || delayMs < 0) return `--delay-ms must be a non-negative integer, got ${values['delay-ms']}`;
  return { port, host: values.host ?? '127.0.0.1', delayMs, help: values.help ?? false };
}

async function main(argv: string[]): Promise<void> {
  const args = parseServerArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`demo-target: ${args}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const executor = executorFromEnv(process.env);
  if (typeof executor === 'string') {
    process.stderr.write(`demo-target: ${executor}\n${USAGE}`);
    process.exit(2);
  }
  const drills = drillServicesFromEnv(process.env);
  if (typeof drills === 'string') {
    process.stderr.write(`demo-target: ${drills}\n${USAGE}`);
    process.exit(2);
  }
  let target;
  try {
    target = await startDemoTarget({ port: args.port, host: args.host, delayMs: args.delayMs, ...drills, ...executor });
  } catch (error) {
    process.stderr.write(`demo-target: cannot start on ${args.host}:${args.port}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`demo-target listening on ${target.url}\n`);
  const stop = () => {
    // the BullMQ worker lets the jobs in flight finish first: give it a few seconds
    setTimeout(() => process.exit(0), executor.redisUrl || drills.databaseUrl ? 10_000 : 2000).unref();
    target.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const entry = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (entry === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
