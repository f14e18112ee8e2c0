// The README demo: ~20 s against the bundled demo target (`npm run demo`).
// A few VUs ramp up and down; each iteration submits an action, approves it and
// polls until the background executor has run it (the approval_time Trend),
// waits in the match queue, pages through profile activity and refreshes the
// HTMX dashboard.
import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { Trend } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

// Submit → executed, as the server timestamps it.
const approvalTime = new Trend('approval_time', true);

export const options = {
  stages: [
    { duration: '5s', target: 5 },
    { duration: '10s', target: 5 },
    { duration: '5s', target: 0 },
  ],
  thresholds: {
    http_req_duration: ['p(95)<500'],
    http_req_failed: ['rate<0.01'],
    approval_time: ['p(95)<2000'],
  },
};

export function setup() {
  const res = http.post(`${BASE_URL}/auth/login`, JSON.stringify({ username: 'demo', password: 'secret' }), {
    headers: { 'Content-Type': 'application/json' },
  });
  check(res, { 'logged in': (r) => r.status === 200 });
  return { token: res.json('token') };
}

export default function (data) {
  const params = { headers: { Authorization: `Bearer ${data.token}`, 'Content-Type': 'application/json' } };

  group('approvals', () => {
    const submitted = http.post(`${BASE_URL}/actions/submit`, JSON.stringify({ type: 'deploy' }), params);
    check(submitted, { 'submitted (201)': (r) => r.status === 201 });
    const id = submitted.json('id');

    const approved = http.post(`${BASE_URL}/actions/${id}/approve`, null, {
      ...params,
      tags: { name: `${BASE_URL}/actions/:id/approve` },
    });
    check(approved, { 'approved': (r) => r.json('status') === 'approved' });

    for (let attempt = 0; attempt < 20; attempt++) {
      sleep(0.1);
      const action = http.get(`${BASE_URL}/actions/${id}`, { ...params, tags: { name: `${BASE_URL}/actions/:id` } });
      if (action.json('status') === 'executed') {
        approvalTime.add(action.json('executedAt') - action.json('createdAt'));
        break;
      }
    }
  });

  group('match queue', () => {
    const joined = http.post(`${BASE_URL}/queue/join`, JSON.stringify({ region: 'eu' }), params);
    check(joined, { 'joined the queue': (r) => r.status === 200 });
    const ticket = joined.json('ticket');
    let matched = false;
    for (let attempt = 0; attempt < 10 && !matched; attempt++) {
      sleep(0.2);
      const status = http.get(`${BASE_URL}/queue/status/${ticket}`, { ...params, tags: { name: `${BASE_URL}/queue/status/:ticket` } });
      matched = status.json('matched') === true;
    }
    check(matched, { 'matched within 2 s': (m) => m });
    http.post(`${BASE_URL}/queue/leave`, JSON.stringify({ ticket }), params);
  });

  group('profile activity', () => {
    let cursor = '';
    for (let page = 0; page < 3; page++) {
      const res = http.get(`${BASE_URL}/profiles/${__VU}/activity?limit=50&cursor=${cursor}`, {
        ...params,
        tags: { name: `${BASE_URL}/profiles/:id/activity` },
      });
      check(res, { 'activity page is 200': (r) => r.status === 200 });
      cursor = res.json('next_cursor');
      if (!cursor) break;
    }
  });

  group('dashboard', () => {
    const res = http.get(`${BASE_URL}/partials/dashboard`, { headers: { 'HX-Request': 'true' } });
    check(res, {
      'fragment rendered': (r) => r.body.includes('id="dashboard"'),
      'HX-Trigger sent': (r) => r.headers['Hx-Trigger'] === 'dashboard-updated',
    });
  });

  sleep(0.5);
}
