/**
 * The requests the output builds and how it reads InfluxDB's answers. The
 * v1 requests also run against a real influxd in test/outputs-influxdb;
 * InfluxDB v2 cannot run here (Debian ships 1.6), so its request is proven
 * only by these unit tests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyWriteResponse, createDatabaseRequest, errorText, quoteIdentifier, writeRequest } from './client.ts';
import { parseInfluxConfig, type InfluxConfig } from './config.ts';

const LINES = ['m value=1 1', 'm value=2 2'];

test('v1: POST /write?db=…&precision=…, rp and consistency when set, basic auth when a user is given', () => {
  const plain = writeRequest(parseInfluxConfig('http://127.0.0.1:8086/my%20db', {}), LINES);
  assert.equal(plain.method, 'POST');
  assert.equal(plain.url, 'http://127.0.0.1:8086/write?db=my+db&precision=ns');
  assert.deepEqual(plain.headers, { 'content-type': 'text/plain; charset=utf-8' });
  assert.equal(plain.body, 'm value=1 1\nm value=2 2\n');

  const full = writeRequest(parseInfluxConfig('http://ada:pw@h:8086/proxy/k6', {
    K6_INFLUXDB_RETENTION: 'week', K6_INFLUXDB_CONSISTENCY: 'all', K6_INFLUXDB_PRECISION: 'us',
  }), LINES);
  assert.equal(full.url, 'http://h:8086/proxy/write?db=k6&rp=week&consistency=all&precision=u');
  assert.equal(full.headers.authorization, `Basic ${Buffer.from('ada:pw').toString('base64')}`);
});

test('v2: POST /api/v2/write?org=…&bucket=…&precision=… with Authorization: Token', () => {
  const config: InfluxConfig = parseInfluxConfig('https://influx.example.com:8086', {
    K6_INFLUXDB_ORGANIZATION: 'acme corp', K6_INFLUXDB_BUCKET: 'k6', K6_INFLUXDB_TOKEN: 's3cr3t', K6_INFLUXDB_PRECISION: 'us',
  });
  const req = writeRequest(config, LINES);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, 'https://influx.example.com:8086/api/v2/write?org=acme+corp&bucket=k6&precision=us');
  assert.deepEqual(req.headers, { 'content-type': 'text/plain; charset=utf-8', authorization: 'Token s3cr3t' });
  assert.equal(req.body, 'm value=1 1\nm value=2 2\n');
});

test('CREATE DATABASE quotes the name as an InfluxQL identifier', () => {
  assert.equal(quoteIdentifier('k6'), '"k6"');
  assert.equal(quoteIdentifier('we"ird\\db'), '"we\\"ird\\\\db"');
  const c = parseInfluxConfig('http://u:p@h:8086/k6', {});
  assert.ok(c.version === 1);
  const req = createDatabaseRequest(c);
  assert.equal(req.url, 'http://h:8086/query');
  assert.equal(new URLSearchParams(req.body).get('q'), 'CREATE DATABASE "k6"');
  assert.match(req.headers.authorization, /^Basic /);
});

test("InfluxDB's answers: success, try again, database missing, refused for good", () => {
  assert.deepEqual(classifyWriteResponse(204, '', 10), { kind: 'ok' });
  assert.deepEqual(classifyWriteResponse(404, '{"error":"database not found: \\"k6\\""}', 10), { kind: 'missing-database', error: 'InfluxDB answered 404: database not found: "k6"' });
  assert.equal(classifyWriteResponse(500, '{"error":"timeout"}', 10).kind, 'retry');
  assert.equal(classifyWriteResponse(503, '', 10).kind, 'retry');
  assert.equal(classifyWriteResponse(429, '', 10).kind, 'retry');
  assert.equal(classifyWriteResponse(408, '', 10).kind, 'retry');
  assert.deepEqual(classifyWriteResponse(400, '{"error":"partial write: field type conflict: … dropped=3"}', 10), {
    kind: 'refused', lines: 3, error: 'InfluxDB answered 400: partial write: field type conflict: … dropped=3',
  });
  assert.deepEqual(classifyWriteResponse(400, '{"error":"unable to parse \'a\': x\\nunable to parse \'b\': y"}', 10), {
    kind: 'refused', lines: 2, error: "InfluxDB answered 400: unable to parse 'a': x\nunable to parse 'b': y",
  });
  assert.deepEqual(classifyWriteResponse(401, '{"code":"unauthorized","message":"unauthorized access"}', 10), {
    kind: 'refused', lines: 10, error: 'InfluxDB answered 401: unauthorized access',
  });
});

test('error text is cut to a readable length', () => {
  assert.equal(errorText(502, 'Bad Gateway'), 'InfluxDB answered 502: Bad Gateway');
  assert.equal(errorText(500, ''), 'InfluxDB answered 500');
  assert.ok(errorText(400, 'x'.repeat(1000)).length < 340);
});
