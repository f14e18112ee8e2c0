/**
 * POST /webhooks/stripe, verified the way Stripe signs webhooks:
 * `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
 * with the endpoint secret. Timestamps more than five minutes off are refused,
 * as Stripe's own libraries do.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sendError, sendJson } from '../http-io.ts';
import type { Route, RouteContext } from '../router.ts';

/** How far (seconds) the signed timestamp may be from the server's clock. */
export const SIGNATURE_TOLERANCE_SEC = 300;

/** The `t` and every `v1` of a Stripe-Signature header; null when `t` is missing or not a number. */
export function parseStripeSignature(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp = NaN;
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1') signatures.push(value);
  }
  return Number.isFinite(timestamp) ? { timestamp, signatures } : null;
}

/** True when one of `signatures` is the HMAC-SHA256 of `<timestamp>.<body>` under `secret`. */
export function hasValidSignature(secret: string, timestamp: number, body: Buffer, signatures: string[]): boolean {
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
  return signatures.some((hex) => {
    if (!/^[0-9a-f]+$/i.test(hex)) return false;
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function receive({ req, res, body, state }: RouteContext): void {
  const header = req.headers['stripe-signature'];
  const parsed = typeof header === 'string' ? parseStripeSignature(header) : null;
  if (!parsed) return sendError(res, 400, 'missing or malformed Stripe-Signature header');
  if (Math.abs(Date.now() / 1000 - parsed.timestamp) > SIGNATURE_TOLERANCE_SEC) {
    return sendError(res, 400, 'signature timestamp outside the tolerance zone');
  }
  if (!hasValidSignature(state.webhookSecret, parsed.timestamp, body, parsed.signatures)) {
    return sendError(res, 400, 'no signatures found matching the expected signature for payload');
  }
  sendJson(res, 200, { received: true });
}

/** The Stripe webhook endpoint. */
export const webhookRoutes: Route[] = [
  { method: 'POST', path: '/webhooks/stripe', handle: receive },
];
