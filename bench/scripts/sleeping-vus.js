// k6-style script for the sleeping-VU memory benchmark: each VU makes one
// request per second, the way most browsing personas in the plans behave.
import http from 'k6/http';
import { sleep } from 'k6';

export default function () {
  http.get(__ENV.TARGET);
  sleep(1);
}
