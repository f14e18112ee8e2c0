// Plan 001's token-purchase webhook spike: POST /webhooks/stripe with valid
// Stripe signatures (t=<unix>,v1=<hex HMAC-SHA256 of "t.body">).
//   stampede run -e BASE_URL=http://127.0.0.1:3333 -e STRIPE_WEBHOOK_SECRET=whsec_demo examples/scripts/webhook.js
import http from 'k6/http';
import crypto from 'k6/crypto';
import { check, sleep } from 'k6';
import { Rate } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';
const SECRET = __ENV.STRIPE_WEBHOOK_SECRET || 'whsec_demo';

const errorRate = new Rate('error_rate');

export const options = {
  scenarios: {
    webhook_spike: {
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [
        { duration: '5s', target: 2 },
        { duration: '5s', target: 20 }, // the spike
        { duration: '10s', target: 20 },
        { duration: '5s', target: 0 },
      ],
    },
  },
  thresholds: {
    http_req_duration: ['p(95)<100'],
    http_req_failed: ['rate<0.001'],
    error_rate: ['rate<0.001'],
  },
};

function stripeSignature(payload, timestamp) {
  const signature = crypto.hmac('sha256', SECRET, `${timestamp}.${payload}`, 'hex');
  return `t=${timestamp},v1=${signature}`;
}

export default function () {
  const created = Math.floor(Date.now() / 1000);
  const payload = JSON.stringify({
    id: `evt_${__VU}_${__ITER}`,
    object: 'event',
    type: 'checkout.session.completed',
    created,
    data: { object: { id: `cs_${__VU}_${__ITER}`, amount_total: 499, currency: 'usd', metadata: { tokens: '50' } } },
  });

  const res = http.post(`${BASE_URL}/webhooks/stripe`, payload, {
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripeSignature(payload, created) },
  });
  const ok = check(res, {
    'webhook accepted': (r) => r.status === 200,
    'webhook received': (r) => r.json('received') === true,
  });
  errorRate.add(!ok);
  sleep(0.2);
}
