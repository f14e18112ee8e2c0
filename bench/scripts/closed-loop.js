// k6-style closed-loop script for the throughput benchmark: each VU sends
// the next request as soon as the last one answered (issue #5).
import http from 'k6/http';

export const options = { discardResponseBodies: true };

export default function () {
  http.get(__ENV.TARGET);
}
