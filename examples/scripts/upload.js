// Plan 004's document uploads: multipart/form-data with http.file(); the
// server answers the file's size and SHA-256, so every upload is checked
// byte for byte.
//   stampede run -e BASE_URL=http://127.0.0.1:3333 examples/scripts/upload.js
import http from 'k6/http';
import crypto from 'k6/crypto';
import { check, sleep } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

const report = open('./data/sample-report.csv', 'b');
const reportSha256 = crypto.sha256(report, 'hex');

export const options = {
  vus: 5,
  duration: '15s',
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{name:upload}': ['p(95)<700'],
    checks: ['rate==1'],
  },
};

export default function () {
  const res = http.post(
    `${BASE_URL}/documents`,
    {
      title: `Quarterly report ${__VU}-${__ITER}`,
      file: http.file(report, 'sample-report.csv', 'text/csv'),
    },
    { tags: { name: 'upload' } },
  );
  check(res, {
    'upload is 201': (r) => r.status === 201,
    'file name kept': (r) => r.json('name') === 'sample-report.csv',
    'size matches': (r) => r.json('size') === report.byteLength,
    'sha256 matches': (r) => r.json('sha256') === reportSha256,
  });
  sleep(1);
}
