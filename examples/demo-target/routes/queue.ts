/**
 * Plan 001's join/leave queue (all protected): join for a ticket and a
 * position, poll the ticket until it is matched, leave.
 */
import { parseFields, sendError, sendJson, stringField } from '../http-io.ts';
import type { Route, RouteContext } from '../router.ts';

function join({ req, res, body, state }: RouteContext): void {
  const fields = body.length === 0 ? {} : parseFields(req.headers['content-type'], body);
  if (!fields) return sendError(res, 400, 'body must be a JSON object or a form');
  sendJson(res, 200, state.queue.join(stringField(fields, 'region') ?? 'default'));
}

function leave({ req, res, body, state }: RouteContext): void {
  const ticket = stringField(parseFields(req.headers['content-type'], body), 'ticket');
  if (!ticket) return sendError(res, 400, 'ticket is required');
  if (!state.queue.leave(ticket)) return sendError(res, 404, `no ticket ${ticket}`);
  sendJson(res, 200, { ticket, left: true });
}

function status({ res, params, state }: RouteContext): void {
  const ticket = state.queue.status(params.ticket);
  if (!ticket) return sendError(res, 404, `no ticket ${params.ticket}`);
  sendJson(res, 200, ticket);
}

/** The /queue endpoints. */
export const queueRoutes: Route[] = [
  { method: 'POST', path: '/queue/join', auth: true, handle: join },
  { method: 'POST', path: '/queue/leave', auth: true, handle: leave },
  { method: 'GET', path: '/queue/status/:ticket', auth: true, handle: status },
];
