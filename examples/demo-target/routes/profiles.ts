/**
 * Plan 002's paginated profile activity (protected): deterministic items per
 * profile, fetched with an opaque cursor, newest first.
 */
import { randomUUID } from 'node:crypto';
import { intInRange, sendError, sendJson } from '../http-io.ts';
import type { Route, RouteContext } from '../router.ts';

const MAX_LIMIT = 100;
const ACTIVITY_TYPES = ['post', 'comment', 'reaction'] as const;
/** the newest item's timestamp; each older item is one minute earlier */
const NEWEST_MS = Date.UTC(2026, 0, 1);

/** One activity item. */
export interface ActivityItem {
  id: string;
  type: (typeof ACTIVITY_TYPES)[number];
  createdAt: string;
  summary: string;
}

/** How many activity items profile `id` has: 120–240, fixed per id. */
export function activityCount(profileId: string): number {
  let hash = 2166136261;
  for (let i = 0; i < profileId.length; i++) hash = Math.imul(hash ^ profileId.charCodeAt(i), 16777619);
  return 120 + ((hash >>> 0) % 121);
}

/** Items [offset, offset + limit) of the profile's activity, newest first. */
export function activityPage(profileId: string, offset: number, limit: number): ActivityItem[] {
  const end = Math.min(activityCount(profileId), offset + limit);
  const items: ActivityItem[] = [];
  for (let n = offset; n < end; n++) {
    const type = ACTIVITY_TYPES[n % ACTIVITY_TYPES.length];
    items.push({
      id: `${profileId}-${n}`,
      type,
      createdAt: new Date(NEWEST_MS - n * 60_000).toISOString(),
      summary: `${type} #${n} by profile ${profileId}`,
    });
  }
  return items;
}

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function decodeCursor(cursor: string): number | null {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

function activity({ res, params, query }: RouteContext): void {
  const limit = intInRange(query.get('limit'), 50, 1, MAX_LIMIT);
  if (limit === null) return sendError(res, 400, `limit must be between 1 and ${MAX_LIMIT}`);
  const cursor = query.get('cursor');
  const offset = cursor ? decodeCursor(cursor) : 0;
  if (offset === null) return sendError(res, 400, 'invalid cursor');
  const data = activityPage(params.id, offset, limit);
  const nextOffset = offset + data.length;
  const hasMore = nextOffset < activityCount(params.id);
  sendJson(res, 200, { data, next_cursor: hasMore ? encodeCursor(nextOffset) : null }, { 'x-request-id': randomUUID() });
}

/** GET /profiles/:id/activity. */
export const profileRoutes: Route[] = [
  { method: 'GET', path: '/profiles/:id/activity', auth: true, handle: activity },
];
