/**
 * Plan 002's chaos-drill endpoints, served when their services are set up:
 * GET /profiles/:id (PostgreSQL via DATABASE_URL, cached in Redis with
 * REDIS_URL; `X-Cache: hit|miss`; 503 when the database and its retry
 * fail), POST /notifications (a BullMQ job, 202) and GET /stats/drills
 * (the read path's and the queue's counters; not counted itself).
 */
import { parseFields, sendError, sendJson } from '../http-io.ts';
import type { Route, RouteContext } from '../router.ts';
import { DatabaseUnavailable } from '../profile-store.ts';

async function profile({ res, params, state }: RouteContext): Promise<void> {
  if (!state.profiles) return sendError(res, 404, 'profiles need DATABASE_URL');
  const id = Number(params.id);
  if (!Number.isInteger(id) || id < 1) return sendError(res, 400, 'id must be a positive integer');
  try {
    const found = await state.profiles.get(id);
    if (!found) return sendError(res, 404, `no profile ${id}`);
    sendJson(res, 200, found.profile, { 'x-cache': found.source === 'cache' ? 'hit' : 'miss' });
  } catch (error) {
    if (error instanceof DatabaseUnavailable) return sendError(res, 503, error.message, { 'retry-after': '1' });
    throw error;
  }
}

async function notify({ req, res, body, state }: RouteContext): Promise<void> {
  if (!state.notifications) return sendError(res, 404, 'notifications need REDIS_URL');
  const fields = body.length === 0 ? {} : parseFields(req.headers['content-type'], body);
  if (!fields) return sendError(res, 400, 'body must be a JSON object');
  try {
    const id = await state.notifications.enqueue({ userId: String(fields.userId ?? ''), message: String(fields.message ?? '') });
    sendJson(res, 202, { id, queued: true });
  } catch (error) {
    sendError(res, 503, `could not queue: ${(error as Error).message}`);
  }
}

export const drillRoutes: Route[] = [
  { method: 'GET', path: '/profiles/:id', handle: profile },
  { method: 'POST', path: '/notifications', handle: notify },
  {
    method: 'GET', path: '/stats/drills', control: true,
    handle: ({ res, state }) => sendJson(res, 200, { profiles: state.profiles?.stats() ?? null, notifications: state.notifications?.stats() ?? null }),
  },
];
