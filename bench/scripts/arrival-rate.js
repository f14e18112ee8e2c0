// Open-model script for the arrival-rate accuracy benchmark (issue #5):
// RATE iterations per second for DURATION, whatever the response times.
import http from 'k6/http';

export const options = {
  discardResponseBodies: true,
  summaryTrendStats: ['avg', 'med', 'p(99)', 'max'],
  scenarios: {
    open: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 5000),
      duration: __ENV.DURATION || '30s',
      preAllocatedVUs: Number(__ENV.PREALLOCATED || 100),
      maxVUs: 1000,
    },
  },
};

export default function () {
  http.get(__ENV.TARGET);
}
