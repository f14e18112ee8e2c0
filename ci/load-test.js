// The load test the CI recipes run (docs/ci.md): a steady 20 requests/s
// against the bundled demo target for DURATION (default 10s), with
// thresholds. In your project this is your own k6 script.
//   BASE_URL=http://127.0.0.1:3333 ci/stampede-ci.sh ci/load-test.js
/* global __ENV */
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

export const options = {
  scenarios: {
    // a constant arrival rate sends the same load every run, so runs compare like with like
    api: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: __ENV.DURATION || '10s', preAllocatedVUs: 5 },
  },
  thresholds: {
    http_req_duration: ['p(95)<500'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate==1'],
  },
};

export default function () {
  // a route that takes 20 ms, so p(95) is well above the noise of a shared CI machine
  const res = http.get(`${BASE_URL}/delay/20`);
  check(res, { 'status is 200': (r) => r.status === 200 });
}
