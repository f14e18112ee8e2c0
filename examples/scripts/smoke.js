// Smoke test: one VU, one pass over the main endpoints, every check must pass.
//   stampede run -e BASE_URL=http://127.0.0.1:3333 examples/scripts/smoke.js
import http from 'k6/http';
import { check, group } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

export const options = {
  vus: 1,
  iterations: 1,
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate==0'],
  },
};

export default function () {
  group('health', () => {
    const res = http.get(`${BASE_URL}/health`);
    check(res, {
      'health is 200': (r) => r.status === 200,
      'health says ok': (r) => r.json('status') === 'ok',
    });
  });

  let token = '';
  group('login', () => {
    const res = http.post(`${BASE_URL}/auth/login`, JSON.stringify({ username: 'smoke', password: 'secret' }), {
      headers: { 'Content-Type': 'application/json' },
    });
    check(res, {
      'login is 200': (r) => r.status === 200,
      'login returns a token': (r) => typeof r.json('token') === 'string',
    });
    token = res.json('token');
  });

  group('authenticated', () => {
    const res = http.get(`${BASE_URL}/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
    check(res, { 'token is accepted': (r) => r.json('username') === 'smoke' });
  });

  group('echo', () => {
    const res = http.post(`${BASE_URL}/echo`, JSON.stringify({ hello: 'world' }), {
      headers: { 'Content-Type': 'application/json' },
    });
    check(res, { 'echo returns the body': (r) => r.json('json.hello') === 'world' });
  });
}
