/**
 * Login and token refresh. Any username with the password "secret" logs in;
 * tokens are stateless (see tokens.ts). Login also sets a `session` cookie.
 */
import { parseFields, sendError, sendJson, stringField } from '../http-io.ts';
import type { Route, RouteContext } from '../router.ts';
import { ACCESS_TOKEN_TTL_SEC } from '../tokens.ts';

/** The one password the demo target accepts. */
export const DEMO_PASSWORD = 'secret';

function issueTokens({ res, state }: RouteContext, username: string): void {
  const token = state.tokens.issue(username, 'access', ACCESS_TOKEN_TTL_SEC);
  const refreshToken = state.tokens.issue(username, 'refresh', ACCESS_TOKEN_TTL_SEC * 10);
  res.setHeader('set-cookie', `session=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${ACCESS_TOKEN_TTL_SEC}`);
  sendJson(res, 200, { token, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SEC });
}

function login(ctx: RouteContext): void {
  const fields = parseFields(ctx.req.headers['content-type'], ctx.body);
  const username = stringField(fields, 'username');
  const password = stringField(fields, 'password');
  if (!username || !password) return sendError(ctx.res, 400, 'username and password are required (JSON or form body)');
  if (password !== DEMO_PASSWORD) return sendError(ctx.res, 401, 'invalid username or password');
  issueTokens(ctx, username);
}

function refresh(ctx: RouteContext): void {
  const fields = parseFields(ctx.req.headers['content-type'], ctx.body);
  const refreshToken = stringField(fields, 'refreshToken');
  if (!refreshToken) return sendError(ctx.res, 400, 'refreshToken is required');
  const username = ctx.state.tokens.verify(refreshToken, 'refresh');
  if (!username) return sendError(ctx.res, 401, 'invalid or expired refresh token');
  issueTokens(ctx, username);
}

/** POST /auth/login, POST /auth/refresh, and GET /auth/me (protected: who the token belongs to). */
export const authRoutes: Route[] = [
  { method: 'POST', path: '/auth/login', handle: login },
  { method: 'POST', path: '/auth/refresh', handle: refresh },
  { method: 'GET', path: '/auth/me', auth: true, handle: ({ res, user }) => sendJson(res, 200, { username: user }) },
];
