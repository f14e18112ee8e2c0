// Plan 004's hybrid test: a few real browsers click the dashboard page's
// HTMX-style button (k6/browser, Chromium) while protocol-level VUs load the
// API beside them, in one test and one summary.
//   stampede run -e BASE_URL=http://127.0.0.1:3333 examples/scripts/browser.js
import http from 'k6/http';
import { sleep } from 'k6';
import { browser } from 'k6/browser';
import { check } from 'https://jslib.k6.io/k6-utils/1.5.0/index.js';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

export const options = {
  scenarios: {
    ui: { executor: 'shared-iterations', vus: 2, iterations: 4, exec: 'ui', options: { browser: { type: 'chromium' } } },
    api: { executor: 'constant-vus', vus: 10, duration: '5s', exec: 'api' },
  },
  thresholds: {
    browser_web_vital_lcp: ['p(75)<2500'],
    browser_web_vital_cls: ['p(75)<0.1'],
    'browser_http_req_duration{resource_type:Fetch}': ['p(95)<1000'],
    'http_req_duration{scenario:api}': ['p(95)<500'],
    checks: ['rate==1'],
  },
};

export async function ui() {
  const page = await browser.newPage();
  try {
    await page.goto(`${BASE_URL}/ui/dashboard`);
    await page.locator('#load-dashboard').click();
    await page.waitForSelector('#dashboard');
    await check(page.locator('#dashboard h2'), {
      'dashboard fragment swapped in': async (h2) => (await h2.textContent()).startsWith('Dashboard'),
    });
  } finally {
    await page.close();
  }
}

export function api() {
  const res = http.get(`${BASE_URL}/health`);
  check(res, { 'health is 200': (r) => r.status === 200 });
  sleep(0.1);
}
