/**
 * Plan 000's approval API (all protected): submit an action, list pending
 * ones a page at a time, approve one, and read its status and timestamps —
 * enough for a script to measure submit → executed time.
 */
import { intInRange, parseFields, sendError, sendJson } from '../http-io.ts';
import type { Route, RouteContext } from '../router.ts';

const MAX_PAGE_SIZE = 100;

function submit({ req, res, body, user, state }: RouteContext): void {
  const fields = body.length === 0 ? {} : parseFields(req.headers['content-type'], body);
  if (!fields) return sendError(res, 400, 'body must be a JSON object or a form');
  const type = typeof fields.type === 'string' && fields.type !== '' ? fields.type : 'generic';
  const action = state.actions.submit(type, fields.payload ?? null, user);
  sendJson(res, 201, { id: action.id, status: action.status, createdAt: action.createdAt });
}

function listPending({ res, query, state }: RouteContext): void {
  const page = intInRange(query.get('page'), 1, 1, 1_000_000);
  const pageSize = intInRange(query.get('pageSize'), 20, 1, MAX_PAGE_SIZE);
  if (page === null || pageSize === null) return sendError(res, 400, `page must be ≥ 1 and pageSize between 1 and ${MAX_PAGE_SIZE}`);
  const { items, total } = state.actions.listPending(page, pageSize);
  sendJson(res, 200, { items, page, pageSize, total });
}

function approve({ res, params, user, state }: RouteContext): void {
  const result = state.actions.approve(params.id, user);
  if (result.ok) return sendJson(res, 200, { id: result.action.id, status: result.action.status, approvedAt: result.action.approvedAt });
  if (result.reason === 'not-found') return sendError(res, 404, `no action ${params.id}`);
  sendJson(res, 409, { error: `action ${params.id} is ${result.action!.status}, not pending`, status: result.action!.status });
}

function show({ res, params, state }: RouteContext): void {
  const action = state.actions.get(params.id);
  if (!action) return sendError(res, 404, `no action ${params.id}`);
  sendJson(res, 200, action);
}

/** The /actions endpoints. */
export const actionRoutes: Route[] = [
  { method: 'POST', path: '/actions/submit', auth: true, handle: submit },
  { method: 'GET', path: '/actions/pending', auth: true, handle: listPending },
  { method: 'POST', path: '/actions/:id/approve', auth: true, handle: approve },
  { method: 'GET', path: '/actions/:id', auth: true, handle: show },
];
