/**
 * The demo target's route table: routes declare `METHOD /path/:param`, the
 * router matches a request to one route (static paths in O(1), parameterised
 * ones by segment) and says which methods a path allows when none matches.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoState } from './state.ts';

/** Everything a route handler gets for one request. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** the whole request body (empty for bodiless requests) */
  body: Buffer;
  /** decoded `:name` path segments */
  params: Record<string, string>;
  query: URLSearchParams;
  /** the token's subject when the route requires auth, else '' */
  user: string;
  state: DemoState;
}

/** One endpoint. `auth` routes need a valid Bearer token; `control` routes are neither counted nor delayed. */
export interface Route {
  method: string;
  path: string;
  auth?: boolean;
  control?: boolean;
  handle(ctx: RouteContext): void | Promise<void>;
}

/** A route matched to a request, or the methods the path allows (empty: unknown path). */
export type RouteMatch =
  | { route: Route; params: Record<string, string> }
  | { route: null; allowed: string[] };

interface CompiledRoute {
  route: Route;
  segments: string[];
}

/** Builds a matcher over `routes`; a static path wins over a parameterised one. */
export function createRouter(routes: Route[]): (method: string, pathname: string) => RouteMatch {
  const staticRoutes = new Map<string, Route>();
  const dynamicRoutes: CompiledRoute[] = [];
  for (const route of routes) {
    if (route.path.includes(':')) dynamicRoutes.push({ route, segments: route.path.split('/') });
    else staticRoutes.set(`${route.method} ${route.path}`, route);
  }
  const noParams: Record<string, string> = {};

  return (method, pathname) => {
    const exact = staticRoutes.get(`${method} ${pathname}`);
    if (exact) return { route: exact, params: noParams };
    const parts = pathname.split('/');
    const allowed: string[] = [];
    for (const candidate of dynamicRoutes) {
      const params = matchSegments(candidate.segments, parts);
      if (!params) continue;
      if (candidate.route.method === method) return { route: candidate.route, params };
      allowed.push(candidate.route.method);
    }
    for (const route of staticRoutes.values()) if (route.path === pathname) allowed.push(route.method);
    return { route: null, allowed };
  };
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  let params: Record<string, string> | null = null;
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i];
    if (seg.startsWith(':')) {
      if (parts[i] === '') return null;
      (params ??= {})[seg.slice(1)] = decodeSegment(parts[i]);
    } else if (seg !== parts[i]) {
      return null;
    }
  }
  return params ?? {};
}

function decodeSegment(value: string): string {
  try { return decodeURIComponent(value); } catch { return value; }
}
