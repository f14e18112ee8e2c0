/**
 * Plan 000's action executor on a real BullMQ queue: with a Redis URL the
 * demo target adds every approved action as a job to the queue
 * `action-executor`, and a BullMQ Worker in the same process executes it —
 * `executeAfterMs` of work per job, `concurrency` jobs at a time — then marks
 * the action executed in the store. A slow enough worker builds a backlog
 * under a spike that a Stampede probe can watch drain after the load.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import type { ConnectionOptions, Job } from 'bullmq';
import type { ActionStore } from './actions-store.ts';

/** The queue's name, as the plan's worker calls it. */
export const EXECUTOR_QUEUE = 'action-executor';

/** How many jobs the worker runs at once unless told otherwise. */
export const DEFAULT_EXECUTOR_CONCURRENCY = 2;

export interface QueueExecutorOptions {
  /** redis://[user:password@]host:port[/db] or rediss://… */
  redisUrl: string;
  /** jobs processed at once (default 2) */
  concurrency?: number;
  /** how long the worker needs per job, ms (default: the store's executeAfterMs) */
  executeAfterMs?: number;
  /** how long to wait for Redis at start (default 5 s) */
  readyTimeoutMs?: number;
}

/** A running queue executor. */
export interface QueueExecutor {
  /** Stops taking jobs, lets the ones in flight finish, closes both connections. */
  close(): Promise<void>;
}

interface ExecutorJob {
  id: string;
  /** the demo-target process that queued it: jobs left by an earlier process are skipped */
  instance: string;
}

/** What BullMQ (ioredis) needs to reach Redis. */
export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: object;
  maxRetriesPerRequest: null;
}

/** BullMQ (ioredis) connection options for a redis:// or rediss:// URL. */
export function redisConnection(redisUrl: string): RedisConnection {
  const url = new URL(redisUrl);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error(`REDIS_URL must be redis:// or rediss://, got ${url.protocol}//…`);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(Number.isInteger(db) && db > 0 ? { db } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ requires this for a Worker's blocking connection
    maxRetriesPerRequest: null,
  };
}

/** Starts the queue and its worker and hands the store's approvals to them; rejects when Redis does not answer in time. */
export async function startQueueExecutor(store: ActionStore, options: QueueExecutorOptions): Promise<QueueExecutor> {
  const where = redisConnection(options.redisUrl);
  const connection: ConnectionOptions = where;
  const workMs = options.executeAfterMs ?? store.executeAfterMs;
  const instance = randomUUID();
  const queue = new Queue<ExecutorJob>(EXECUTOR_QUEUE, { connection });
  const worker = new Worker<ExecutorJob>(EXECUTOR_QUEUE, async (job: Job<ExecutorJob>) => {
    if (job.data.instance !== instance) return 'skipped: queued by an earlier demo target';
    await sleep(workMs);
    return store.markExecuted(job.data.id) ? 'executed' : 'skipped: not approved';
  }, { connection, concurrency: options.concurrency ?? DEFAULT_EXECUTOR_CONCURRENCY, autorun: false });
  // a lost connection is retried by ioredis; report it instead of crashing on an unhandled 'error'
  queue.on('error', (error) => console.error(`demo-target: queue ${EXECUTOR_QUEUE}: ${error.message}`));
  worker.on('error', (error) => console.error(`demo-target: worker ${EXECUTOR_QUEUE}: ${error.message}`));
  const close = async () => { await worker.close(); await queue.close(); };
  const timeoutMs = options.readyTimeoutMs ?? 5_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis at ${where.host}:${where.port} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]), timedOut]);
  } catch (error) {
    await Promise.race([close(), sleep(1_000)]).catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  store.handOffApprovals((action) => {
    queue.add('execute', { id: action.id, instance }).catch((error: unknown) => {
      console.error(`demo-target: could not queue ${action.id}: ${(error as Error).message}`);
    });
  });
  void worker.run().catch((error: unknown) => console.error(`demo-target: worker stopped: ${(error as Error).message}`));
  let closed: Promise<void> | undefined;
  return { close: () => closed ??= close() };
}
