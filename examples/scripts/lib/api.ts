// Typed helpers for the demo target's approval API (plan 000), shared by the
// TypeScript examples. Every request is tagged with an `endpoint` so
// thresholds can target one endpoint.
import http from 'k6/http';
import type { Params, Response } from 'k6/http';

export type ActionStatus = 'pending' | 'approved' | 'executed';

/** An action as GET /actions/:id returns it; timestamps are epoch milliseconds. */
export interface Action {
  id: string;
  type: string;
  status: ActionStatus;
  requestedBy: string;
  createdAt: number;
  approvedAt: number | null;
  executedAt: number | null;
}

/** One page of GET /actions/pending. */
export interface PendingPage {
  items: Action[];
  page: number;
  pageSize: number;
  total: number;
}

/** Logs in and returns the bearer token (any username works with the password "secret"). */
export function login(baseUrl: string, username: string, password = 'secret'): string {
  const res = http.post(`${baseUrl}/auth/login`, JSON.stringify({ username, password }), {
    headers: { 'Content-Type': 'application/json' },
    tags: { endpoint: 'login' },
  });
  if (res.status !== 200) throw new Error(`login as ${username} failed with status ${res.status}`);
  return res.json('token') as string;
}

/** The approval endpoints, bound to one base URL and bearer token. */
export class ApprovalsApi {
  readonly baseUrl: string;
  readonly token: string;

  constructor(baseUrl: string, token: string) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  submit(type: string, payload: unknown): Response {
    return http.post(`${this.baseUrl}/actions/submit`, JSON.stringify({ type, payload }), this.params('submit'));
  }

  listPending(page = 1, pageSize = 20): PendingPage | null {
    const res = http.get(`${this.baseUrl}/actions/pending?page=${page}&pageSize=${pageSize}`, this.params('pending'));
    return res.status === 200 ? (res.json() as unknown as PendingPage) : null;
  }

  /** 200 when approved, 409 when someone else got there first (expected, not a failure). */
  approve(id: string): Response {
    return http.post(`${this.baseUrl}/actions/${id}/approve`, null, {
      ...this.params('approve'),
      responseCallback: http.expectedStatuses(200, 409),
    });
  }

  get(id: string): Action | null {
    const res = http.get(`${this.baseUrl}/actions/${id}`, this.params('get'));
    return res.status === 200 ? (res.json() as unknown as Action) : null;
  }

  private params(endpoint: string): Params {
    return {
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      tags: { endpoint },
    };
  }
}
