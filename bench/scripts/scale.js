// The high-VU pace benchmark (issue #18, plan 001's 10k ramp): every VU
// makes one request and thinks for a second, so N VUs should make about
// N requests a second.
import http from 'k6/http';
import { sleep } from 'k6';

export const options = { discardResponseBodies: true };

export default function () {
  http.get(__ENV.TARGET);
  sleep(1);
}
