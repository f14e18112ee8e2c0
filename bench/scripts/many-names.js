// The closed loop of closed-loop.js over NAMES request names (the `name`
// tag): every name its own metric series, as a test of many endpoints has.
import http from 'k6/http';

export const options = { discardResponseBodies: true };
const names = Number(__ENV.NAMES || 600);

export default function () {
  const n = (__VU * 7919 + __ITER) % names;
  http.get(`${__ENV.TARGET}n/${n}`, { tags: { name: `n${n}` } });
}
