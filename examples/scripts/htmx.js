// Plan 004's HTMX interaction bursts: load the dashboard page once, then poll
// its partial the way htmx does (HX-Request headers), checking the HX-Trigger
// event and the security headers, and recording the server's render time.
//   stampede run -e BASE_URL=http://127.0.0.1:3333 examples/scripts/htmx.js
import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { Trend } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';
const FILTERS = ['all', 'open', 'overdue', 'mine'];

// From the partial's `Server-Timing: render;dur=<ms>` header.
const renderTime = new Trend('template_render_time', true);

export const options = {
  scenarios: {
    dashboard_burst: { executor: 'constant-vus', vus: 10, duration: '20s' },
  },
  thresholds: {
    'http_req_duration{type:partial}': ['p(95)<500'],
    template_render_time: ['p(95)<50'],
    checks: ['rate>0.99'],
  },
};

const htmxHeaders = {
  'HX-Request': 'true',
  'HX-Current-URL': `${BASE_URL}/partials/dashboard`,
  'HX-Target': 'dashboard',
};

export default function () {
  group('full page', () => {
    const res = http.get(`${BASE_URL}/partials/dashboard`, { tags: { type: 'page' } });
    check(res, {
      'page is 200': (r) => r.status === 200,
      'page is a whole document': (r) => r.body.startsWith('<!doctype html>'),
    });
  });

  group('partial updates', () => {
    for (let i = 0; i < 5; i++) {
      const filter = FILTERS[(__ITER + i) % FILTERS.length];
      const res = http.get(`${BASE_URL}/partials/dashboard?filter=${filter}`, {
        headers: htmxHeaders,
        tags: { type: 'partial', name: `${BASE_URL}/partials/dashboard?filter=` },
      });
      check(res, {
        'partial is 200': (r) => r.status === 200,
        'partial is a fragment': (r) => !r.body.includes('<html'),
        'HX-Trigger is dashboard-updated': (r) => r.headers['Hx-Trigger'] === 'dashboard-updated',
        'nosniff is set': (r) => r.headers['X-Content-Type-Options'] === 'nosniff',
        'framing is denied': (r) => r.headers['X-Frame-Options'] === 'DENY',
        'CSP is set': (r) => (r.headers['Content-Security-Policy'] || '').includes("default-src 'self'"),
      });
      const timing = /render;dur=([\d.]+)/.exec(res.headers['Server-Timing'] || '');
      if (timing) renderTime.add(parseFloat(timing[1]));
      sleep(0.5);
    }
  });
}
