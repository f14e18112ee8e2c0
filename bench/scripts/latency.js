// Latency accuracy benchmark (issue #5): 1,000 requests/s against a target
// that answers after a fixed delay; the reported median should be the delay
// plus what wrk measures on the same machine.
import http from 'k6/http';

export const options = {
  discardResponseBodies: true,
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(99)'],
  scenarios: {
    fixed: { executor: 'constant-arrival-rate', rate: Number(__ENV.RATE || 1000), duration: __ENV.DURATION || '10s', preAllocatedVUs: 40, maxVUs: 200 },
  },
};

export default function () {
  http.get(__ENV.TARGET);
}
