import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioFixture as scenario } from '../config/testing/scenario-fixtures.ts';
import { ConfigError } from '../errors/index.ts';
import { FIRST_REQUEST_WARM_UP, peakRatePerWorker, warmUpIterations } from './warm-up-plan.ts';

const open5000 = scenario('constant-arrival-rate', { rate: 5000, timeUnitMs: 1000, preAllocatedVUs: 100, maxVUs: 1000 });

test('a worker\'s peak rate is its share: the rate split over min(workers, VUs), as VuPool.runArrival splits it', () => {
  assert.equal(peakRatePerWorker([open5000], 1), 5000);
  assert.equal(peakRatePerWorker([open5000], 2), 2500);
  // two VUs in all: only two workers take part, however many there are
  assert.equal(peakRatePerWorker([scenario('constant-arrival-rate', { rate: 1200, timeUnitMs: 1000, preAllocatedVUs: 2, maxVUs: 2 })], 8), 600);
  assert.equal(peakRatePerWorker([scenario('constant-vus', { vus: 1000 }), open5000], 1), 5000);
  assert.equal(peakRatePerWorker([scenario('constant-vus', { vus: 1000 })], 1), 0);
});

test('warm-up iterations: the first-request warm-up below 500 it/s per worker, 0.4 s of the peak rate between 500 and 2,000 above it', () => {
  const at = (rate: number, workers = 1) => warmUpIterations([scenario('constant-arrival-rate', { rate, timeUnitMs: 1000, preAllocatedVUs: 10, maxVUs: 100 })], workers, undefined);
  assert.equal(at(499), FIRST_REQUEST_WARM_UP);
  assert.equal(at(500), 500);
  assert.equal(at(2500), 1000);
  assert.equal(at(5000), 2000);
  assert.equal(at(50_000), 2000);
  assert.equal(at(1600, 4), FIRST_REQUEST_WARM_UP, '400 it/s on each of 4 workers');
  assert.equal(warmUpIterations([scenario('constant-vus', { vus: 1000 })], 1, undefined), FIRST_REQUEST_WARM_UP, 'closed model: the short warm-up only');
  assert.equal(FIRST_REQUEST_WARM_UP, 50);
});

test('STAMPEDE_WARM_UP turns the warm-up off, forces a count, or is a 104 naming the variable', () => {
  for (const off of ['0', 'false', 'off', ' OFF ']) assert.equal(warmUpIterations([open5000], 1, off), 0, off);
  for (const auto of ['', 'true', 'on', 'auto']) assert.equal(warmUpIterations([open5000], 1, auto), 2000, auto);
  assert.equal(warmUpIterations([scenario('constant-vus', { vus: 1 })], 1, '300'), 300);
  assert.throws(() => warmUpIterations([open5000], 1, 'lots'), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.exitCode, 104);
    assert.match(err.message, /STAMPEDE_WARM_UP: "lots" is not off, auto or a number of iterations/);
    return true;
  });
});
