/**
 * HTTP Digest authentication (RFC 7616, and RFC 2617 without qop): parses a
 * `WWW-Authenticate: Digest …` challenge and computes the `Authorization`
 * header for one request. Algorithms MD5, SHA-256, SHA-512-256 and their
 * -sess variants; qop "auth" (preferred) or "auth-int"; userhash.
 */
import { createHash, randomBytes } from 'node:crypto';

/** One parsed challenge: the scheme and its lower-cased parameter names. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

const HASHES: Record<string, string> = { 'MD5': 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

/**
 * Every challenge in one or more WWW-Authenticate values (a value may hold
 * several challenges separated by commas, e.g. `Digest …, Basic realm="x"`).
 */
export function parseChallenges(header: string): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  let current: AuthChallenge | undefined;
  let i = 0;
  const n = header.length;
  const skipSpaces = () => { while (i < n && (header[i] === ' ' || header[i] === '\t')) i++; };
  const token = () => { const s = i; while (i < n && !' \t,="'.includes(header[i])) i++; return header.slice(s, i); };
  while (i < n) {
    skipSpaces();
    if (header[i] === ',') { i++; continue; }
    const word = token();
    if (word === '') { i++; continue; }
    skipSpaces();
    if (header[i] === '=' && current !== undefined) {
      i++;
      skipSpaces();
      let value: string;
      if (header[i] === '"') {
        i++;
        value = '';
        while (i < n && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < n) i++;
          value += header[i++];
        }
        i++;
      } else value = token();
      current.params[word.toLowerCase()] = value;
    } else {
      // a new challenge: "Scheme" possibly followed by params (or a token68, ignored)
      current = { scheme: word, params: {} };
      out.push(current);
    }
  }
  return out;
}

/** The first Digest challenge with an algorithm we support, or undefined. */
export function pickDigestChallenge(header: string | undefined): AuthChallenge | undefined {
  if (!header) return undefined;
  for (const c of parseChallenges(header)) {
    if (c.scheme.toLowerCase() !== 'digest' || c.params.nonce === undefined) continue;
    const alg = (c.params.algorithm ?? 'MD5').toUpperCase().replace(/-SESS$/, '');
    if (HASHES[alg] !== undefined) return c;
  }
  return undefined;
}

/** What the Authorization header is computed from. */
export interface DigestInput {
  username: string;
  password: string;
  method: string;
  /** the request-target: path and query */
  uri: string;
  /** the request body, for qop=auth-int */
  body?: string | Uint8Array | null;
  /** fixed client nonce (tests); default random */
  cnonce?: string;
  /** nonce count; default 1 */
  nc?: number;
}

function quote(s: string): string {
  return `"${s.replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * The `Authorization: Digest …` value answering `challenge`, or undefined
 * when the challenge names an algorithm or qop we cannot answer.
 */
export function digestAuthorization(challenge: AuthChallenge, input: DigestInput): string | undefined {
  const p = challenge.params;
  const algorithm = p.algorithm ?? 'MD5';
  const upper = algorithm.toUpperCase();
  const sess = upper.endsWith('-SESS');
  const hashName = HASHES[sess ? upper.slice(0, -5) : upper];
  if (hashName === undefined) return undefined;
  const H = (s: string | Uint8Array) => createHash(hashName).update(s).digest('hex');
  const realm = p.realm ?? '';
  const nonce = p.nonce ?? '';
  let qop: string | undefined;
  if (p.qop !== undefined) {
    const offered = p.qop.split(',').map((q) => q.trim().toLowerCase());
    if (offered.includes('auth')) qop = 'auth';
    else if (offered.includes('auth-int')) qop = 'auth-int';
    else return undefined;
  }
  const cnonce = input.cnonce ?? randomBytes(16).toString('hex');
  const nc = (input.nc ?? 1).toString(16).padStart(8, '0');
  let ha1 = H(`${input.username}:${realm}:${input.password}`);
  if (sess) ha1 = H(`${ha1}:${nonce}:${cnonce}`);
  const body = input.body ?? '';
  const ha2 = qop === 'auth-int' ? H(`${input.method}:${input.uri}:${H(body)}`) : H(`${input.method}:${input.uri}`);
  const response = qop === undefined ? H(`${ha1}:${nonce}:${ha2}`) : H(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
  const userhash = (p.userhash ?? '').toLowerCase() === 'true';
  const parts = [
    `username=${quote(userhash ? H(`${input.username}:${realm}`) : input.username)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(input.uri)}`,
    `algorithm=${algorithm}`,
    `response=${quote(response)}`,
  ];
  if (p.opaque !== undefined) parts.push(`opaque=${quote(p.opaque)}`);
  if (qop !== undefined) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  if (userhash) parts.push('userhash=true');
  return `Digest ${parts.join(', ')}`;
}
