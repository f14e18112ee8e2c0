// k6's examples/localhost.js, pointed at the bench's target: one VU, one
// iteration, three requests; its thresholds need each request fast and all
// three inside the first ~30 ms of the test.
import { group, check } from 'k6';
import http from 'k6/http';

export const options = {
  thresholds: {
    'http_req_duration{kind:html}': ['avg<=10'],
    'http_req_duration{kind:css}': ['avg<=10'],
    'http_req_duration{kind:img}': ['avg<=100'],
    http_reqs: ['rate>100'],
  },
};

export default function () {
  group('front page', () => {
    check(http.get(`${__ENV.TARGET}/`, { tags: { kind: 'html' } }), { 'status is 200': (r) => r.status === 200 });
  });
  group('stylesheet', () => {
    check(http.get(`${__ENV.TARGET}/style.css`, { tags: { kind: 'css' } }), { 'status is 200': (r) => r.status === 200 });
  });
  group('image', () => {
    check(http.get(`${__ENV.TARGET}/teddy.jpg`, { tags: { kind: 'img' } }), { 'status is 200': (r) => r.status === 200 });
  });
}
