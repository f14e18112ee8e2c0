/**
 * Issue 15: k6's examples/http_digest_auth.js and examples/redirects.js run
 * as in k6. A digest server on 127.0.0.1 (written here, checked with
 * node:crypto) sees the right response hash for MD5, SHA-256 and
 * SHA-256-sess; a wrong password ends in 401; basic auth still works; the
 * 401 challenge counts in http_reqs but not in http_req_failed (k6's rule);
 * auth: 'ntlm' is a script error naming the call; a redirect limit the
 * script set stops the chain silently.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';
import { parseChallenges } from '../src/http/digest-auth.ts';

const USER = 'user';
const PASS = 'p@sswd';
const REALM = 'stampede@test';

interface Seen { path: string; ok: boolean; algorithm: string; qop: string | undefined }

/** An RFC 7616 digest endpoint for one algorithm; `qop` undefined = RFC 2069 style (no qop). */
function digestRoute(algorithm: string, qop: string | undefined, nonces: Set<string>, seen: Seen[]) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const header = req.headers.authorization;
    const pathOnly = req.url ?? '/';
    if (header === undefined) {
      const nonce = randomBytes(12).toString('base64');
      nonces.add(nonce);
      res.statusCode = 401;
      res.setHeader('WWW-Authenticate', [
        `Basic realm="${REALM}"`,
        `Digest realm="${REALM}", ${qop ? `qop="${qop}", ` : ''}algorithm=${algorithm}, nonce="${nonce}", opaque="opaque-1"`,
      ]);
      res.end('challenge');
      return;
    }
    const [c] = parseChallenges(header);
    const p = c.params;
    const hashName = algorithm.startsWith('SHA-256') ? 'sha256' : 'md5';
    const H = (s: string) => createHash(hashName).update(s).digest('hex');
    let ha1 = H(`${USER}:${REALM}:${PASS}`);
    if (algorithm.endsWith('-sess')) ha1 = H(`${ha1}:${p.nonce}:${p.cnonce}`);
    const ha2 = H(`${req.method}:${p.uri}`);
    const expected = qop ? H(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : H(`${ha1}:${p.nonce}:${ha2}`);
    const ok = c.scheme === 'Digest' && nonces.has(p.nonce) && p.uri === pathOnly && p.username === USER && p.realm === REALM
      && p.opaque === 'opaque-1' && p.algorithm === algorithm && p.response === expected;
    seen.push({ path: pathOnly, ok, algorithm: p.algorithm, qop: p.qop });
    res.statusCode = ok ? 200 : 401;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ authenticated: ok, user: USER }));
  };
}

test('auth: "digest" answers MD5, SHA-256 and -sess challenges; wrong password gives 401; basic still works; redirects silent with maxRedirects', async () => {
  const nonces = new Set<string>();
  const seen: Seen[] = [];
  const basic: string[] = [];
  const target = await startTarget({
    '/digest/md5': digestRoute('MD5', 'auth', nonces, seen),
    '/digest/sha256': digestRoute('SHA-256', 'auth', nonces, seen),
    '/digest/sha256-sess': digestRoute('SHA-256-sess', 'auth,auth-int', nonces, seen),
    '/digest/legacy': digestRoute('MD5', undefined, nonces, seen),
    '/basic': (req, res) => { basic.push(String(req.headers.authorization)); res.end('ok'); },
    '/redirect': (req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n'));
      if (n > 0) { res.statusCode = 302; res.setHeader('location', `/redirect?n=${n - 1}`); }
      res.end();
    },
  });
  const host = target.url.replace('http://', '');
  try {
    const dir = await scriptDir({
      'digest.js': `import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1, maxRedirects: 3 };
export default function () {
  for (const p of ['md5', 'sha256', 'sha256-sess', 'legacy']) {
    const res = http.get('http://${USER}:${encodeURIComponent(PASS)}@${host}/digest/' + p + '?q=1', { auth: 'digest' });
    check(res, { ['status is 200 ' + p]: (r) => r.status === 200, ['authenticated ' + p]: (r) => r.json('authenticated') === true });
  }
  const bad = http.get('http://${USER}:wrong@${host}/digest/md5', { auth: 'digest' });
  check(bad, { 'wrong password is 401': (r) => r.status === 401 });
  const b = http.get('http://${USER}:${encodeURIComponent(PASS)}@${host}/basic', { auth: 'basic' });
  check(b, { 'basic 200': (r) => r.status === 200 });
  const r1 = http.get('${target.url}/redirect?n=5');
  check(r1, { 'stopped at 3 redirects': (r) => r.status === 302 && r.url.endsWith('n=2') });
  const r2 = http.get('${target.url}/redirect?n=5', { redirects: 1 });
  check(r2, { 'stopped at 1 redirect': (r) => r.status === 302 && r.url.endsWith('n=4') });
}
`,
    });
    const r = await stampede(['run', '--summary-export', path.join(dir, 's.json'), path.join(dir, 'digest.js')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = r.stdout + r.stderr;
    assert.doesNotMatch(out, /Stopped after/);
    const summary = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8'));
    assert.equal(summary.metrics.checks.fails, 0, out);
    assert.equal(summary.metrics.checks.passes, 4 * 2 + 3 + 1);
    // every digest request is two round trips (challenge + answer), as in k6: 5 × 2 + basic 1 + redirects 4 + 2
    assert.equal(summary.metrics.http_reqs.count, 10 + 1 + 4 + 2);
    // the challenge 401s are expected (k6); only the wrong password's second 401 fails (3xx are expected)
    assert.equal(summary.metrics.http_req_failed.passes, 1, JSON.stringify(summary.metrics.http_req_failed));
    assert.deepEqual(seen.map((s) => [s.path.split('?')[0], s.ok, s.algorithm, s.qop]), [
      ['/digest/md5', true, 'MD5', 'auth'],
      ['/digest/sha256', true, 'SHA-256', 'auth'],
      ['/digest/sha256-sess', true, 'SHA-256-sess', 'auth'],
      ['/digest/legacy', true, 'MD5', undefined],
      ['/digest/md5', false, 'MD5', 'auth'],
    ]);
    assert.deepEqual(basic, [`Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}`]);
  } finally {
    await target.close();
  }
});

test('auth: "ntlm" is a script error at the call, naming what to do', async () => {
  const dir = await scriptDir({
    'ntlm.js': `import http from 'k6/http';
export const options = { iterations: 1 };
export default function () {
  http.get('http://u:p@127.0.0.1:9/', { auth: 'ntlm' });
}
`,
  });
  const r = await stampede(['run', path.join(dir, 'ntlm.js')]);
  const out = r.stdout + r.stderr;
  assert.match(out, /params\.auth "ntlm" \(NTLM authentication\) is not supported in Stampede/);
  assert.match(out, /ntlm\.js:4/);
});

test('without a limit set by the script, an exhausted redirect chain warns as k6 does; an explicit maxRedirects: 10 is silent', async () => {
  const target = await startTarget({
    '/redirect': (req, res) => { res.statusCode = 302; res.setHeader('location', '/redirect'); res.end(); },
  });
  try {
    const dir = await scriptDir({
      'r.js': `import http from 'k6/http';
export const options = { iterations: 1 };
export default function () { http.get('${target.url}/redirect'); }
`,
      'ten.js': `import http from 'k6/http';
export const options = { iterations: 1, maxRedirects: 10 };
export default function () { http.get('${target.url}/redirect'); }
`,
    });
    const r = await stampede(['run', path.join(dir, 'r.js')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /Stopped after 10 redirects and returned the redirection/);
    const ten = await stampede(['run', '--summary-export', path.join(dir, 'ten.json'), path.join(dir, 'ten.js')]);
    assert.equal(ten.code, 0, ten.stdout + ten.stderr);
    assert.doesNotMatch(ten.stdout + ten.stderr, /Stopped after/);
    const tenSummary = JSON.parse(await readFile(path.join(dir, 'ten.json'), 'utf8'));
    assert.equal(tenSummary.metrics.http_reqs.count, 11, 'the first request and 10 redirects, as with the default limit');
  } finally {
    await target.close();
  }
});
