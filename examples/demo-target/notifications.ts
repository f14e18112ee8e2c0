/**
 * Plan 002's notification fan-out on a real BullMQ queue `notifications`:
 * POST /notifications adds a job through the producer's Redis (REDIS_URL) and
 * a BullMQ Worker in the same process "sends" it (`workMs` per job,
 * `concurrency` at a time). The worker may reach Redis by its own URL
 * (NOTIFICATIONS_WORKER_REDIS_URL, e.g. a fault proxy): the queue-outage
 * drill takes only the workers away — Horizon's supervisors stopped — so
 * jobs pile up while the API keeps accepting them, then drain. The worker
 * connects in the background and reconnects every 500 ms while cut off.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, Worker } from 'bullmq';
import { redisConnection } from './queue-executor.ts';

export const NOTIFICATIONS_QUEUE = 'notifications';

export interface NotificationsOptions {
  /** where jobs are added */
  redisUrl: string;
  /** where the worker takes them from (default redisUrl) */
  workerRedisUrl?: string;
  /** jobs sent at once (default 4) */
  concurrency?: number;
  /** ms per job (default 10) */
  workMs?: number;
  /** how long to wait for the producer's Redis at start (default 5 s) */
  waitMs?: number;
}

export interface NotificationStats {
  enqueued: number;
  sent: number;
  /** the worker's connection is up */
  workerConnected: boolean;
}

export interface Notifications {
  /** Adds one job; resolves with its id. */
  enqueue(data: { userId: string; message: string }): Promise<string>;
  stats(): NotificationStats;
  close(): Promise<void>;
}

export async function startNotifications(options: NotificationsOptions): Promise<Notifications> {
  const stats: NotificationStats = { enqueued: 0, sent: 0, workerConnected: false };
  const queue = new Queue(NOTIFICATIONS_QUEUE, {
    connection: redisConnection(options.redisUrl),
    defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 1000 },
  });
  const workMs = options.workMs ?? 10;
  const worker = new Worker(NOTIFICATIONS_QUEUE, async () => { await sleep(workMs); stats.sent++; }, {
    connection: { ...redisConnection(options.workerRedisUrl ?? options.redisUrl), retryStrategy: () => 500 },
    concurrency: options.concurrency ?? 4,
  });
  queue.on('error', (error) => console.error(`demo-target: queue ${NOTIFICATIONS_QUEUE}: ${error.message}`));
  // one line per outage, not one per reconnect attempt
  worker.on('error', (error) => {
    if (stats.workerConnected) console.error(`demo-target: worker ${NOTIFICATIONS_QUEUE} lost Redis: ${error.message}`);
    stats.workerConnected = false;
  });
  void worker.waitUntilReady().then((client) => {
    stats.workerConnected = true;
    client.on('ready', () => { stats.workerConnected = true; });
  }, () => undefined);
  const close = async () => {
    await Promise.race([worker.close(true), sleep(3_000)]).catch(() => undefined);
    await queue.close().catch(() => undefined);
  };
  const waitMs = options.waitMs ?? 5_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis for ${NOTIFICATIONS_QUEUE} did not answer within ${waitMs} ms`)), waitMs);
  });
  try {
    await Promise.race([queue.waitUntilReady(), timedOut]);
  } catch (error) {
    await close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  let closed: Promise<void> | undefined;
  return {
    async enqueue(data) {
      const job = await queue.add('notify', data);
      stats.enqueued++;
      return job.id ?? '';
    },
    stats: () => ({ ...stats }),
    close: () => closed ??= close(),
  };
}
