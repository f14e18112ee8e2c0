/**
 * Stateless signed tokens for the demo target's auth: `payload.signature`,
 * both base64url, HMAC-SHA256 with a per-process secret. Stateless so a load
 * test that logs in millions of times does not grow the server's memory.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Access tokens live this long (seconds); refresh tokens ten times longer. */
export const ACCESS_TOKEN_TTL_SEC = 3600;

/** What a token is for: protected routes accept only 'access', /auth/refresh only 'refresh'. */
export type TokenKind = 'access' | 'refresh';

/** Issues and verifies tokens signed with one secret. */
export interface TokenIssuer {
  /** A token for `subject` of `kind`, valid for `ttlSec` seconds from now. */
  issue(subject: string, kind: TokenKind, ttlSec: number): string;
  /** The token's subject when it is well-formed, correctly signed, of `kind` and unexpired; else null. */
  verify(token: string, kind: TokenKind): string | null;
}

interface TokenPayload {
  sub: string;
  kind: TokenKind;
  exp: number;
  /** makes two tokens issued in the same second for the same user differ */
  n: string;
}

/** Creates an issuer; `secret` defaults to 32 random bytes, `nowMs` to Date.now. */
export function createTokenIssuer(secret: Buffer = randomBytes(32), nowMs: () => number = Date.now): TokenIssuer {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  return {
    issue(subject, kind, ttlSec) {
      const payload: TokenPayload = { sub: subject, kind, exp: Math.floor(nowMs() / 1000) + ttlSec, n: randomBytes(6).toString('base64url') };
      const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${encoded}.${sign(encoded).toString('base64url')}`;
    },
    verify(token, kind) {
      const dot = token.indexOf('.');
      if (dot <= 0) return null;
      const encoded = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const expected = sign(encoded);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      let payload: TokenPayload;
      try { payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as TokenPayload; } catch { return null; }
      if (payload.kind !== kind || typeof payload.sub !== 'string') return null;
      return payload.exp * 1000 > nowMs() ? payload.sub : null;
    },
  };
}

/** The token in an `Authorization: Bearer <token>` header, or '' when absent or of another scheme. */
export function bearerToken(header: string | undefined): string {
  if (!header) return '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}
