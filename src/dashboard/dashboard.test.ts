import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { RunReport } from '../reports/index.ts';
import { startDashboard, type Dashboard } from './index.ts';

function runReport(status: RunReport['status'], requests: number): RunReport {
  return {
    format: 'stampede-run/1', script: 'live.js', startedAt: Date.UTC(2025, 0, 31, 14, 25, 1), durationMs: requests * 100, status, tags: {}, scenarios: ['default'],
    definitions: [{ name: 'http_reqs', type: 'counter', contains: 'default' }],
    timeline: { periodMs: 1000, startedAt: 0, series: [{ metric: 'http_reqs', stat: 'count', scope: { kind: 'all' }, points: [[1000, requests]] }] },
  };
}

interface Viewer { events: { event: string; data: string }[]; next(count: number): Promise<void>; ended: Promise<void>; close(): void }

/** Follows /events the way EventSource does, collecting each `event:`/`data:` block. */
function view(url: string): Promise<Viewer> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}events`, (res) => {
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/event-stream/);
      const events: Viewer['events'] = [];
      const waiting: { count: number; done: () => void }[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) events.push({ event, data });
        }
        for (const w of waiting.filter((x) => events.length >= x.count)) { waiting.splice(waiting.indexOf(w), 1); w.done(); }
      });
      const ended = new Promise<void>((r) => res.on('end', r));
      resolve({
        events, ended, close: () => req.destroy(),
        next: (count) => new Promise((done) => { if (events.length >= count) done(); else waiting.push({ count, done }); }),
      });
    });
    req.on('error', reject);
  });
}

async function get(url: string): Promise<{ status: number; headers: Headers; body: string }> {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, body: await res.text() };
}

test('the dashboard serves the live page, streams every update and the final report, and offers the report', async (t) => {
  const board = await startDashboard({ host: '127.0.0.1', port: 0, log: () => {} });
  t.after(() => board.close());
  assert.match(board.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.notEqual(board.url, 'http://127.0.0.1:0/');

  const page = await get(board.url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type')!, /^text\/html/);
  assert.ok(page.body.includes('"live":true'));
  assert.ok(page.body.includes('<script type="application/json" id="run-data">null</script>'));
  assert.equal((await get(`${board.url}report`)).status, 503);
  assert.equal((await get(`${board.url}nope`)).status, 404);

  const first = await view(board.url);
  board.update(runReport('running', 10));
  board.update(runReport('running', 25));
  await first.next(2);
  assert.deepEqual(first.events.map((e) => [e.event, (JSON.parse(e.data) as RunReport).timeline.series[0].points[0][1]]), [['report', 10], ['report', 25]]);

  // a viewer arriving late gets the run so far at once; the page embeds it too
  const late = await view(board.url);
  await late.next(1);
  assert.equal((JSON.parse(late.events[0].data) as RunReport).durationMs, 2500);
  assert.ok((await get(board.url)).body.includes('"durationMs":2500'));

  const download = await get(`${board.url}report`);
  assert.equal(download.status, 200);
  assert.equal(download.headers.get('content-disposition'), 'attachment; filename="stampede-report-20250131-142501.html"');
  assert.ok(download.body.includes('"live":false') && download.body.includes('"durationMs":2500'));

  board.finish(runReport('passed', 30));
  board.update(runReport('running', 99)); // too late: the final report stays
  await first.next(3);
  await late.next(2);
  assert.equal((JSON.parse(first.events[2].data) as RunReport).status, 'passed');
  assert.equal(first.events.length, 3);

  await board.close();
  await Promise.all([first.ended, late.ended]); // close() ends the streams
});

test('a port already in use is a clear error naming K6_WEB_DASHBOARD_PORT', async (t) => {
  const busy: Dashboard = await startDashboard({ host: '127.0.0.1', port: 0, log: () => {} });
  t.after(() => busy.close());
  const port = Number(new URL(busy.url).port);
  await assert.rejects(startDashboard({ host: '127.0.0.1', port, log: () => {} }), (err: Error & { hint?: string }) => {
    assert.match(err.message, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use; choose another with K6_WEB_DASHBOARD_PORT`));
    assert.match(err.hint!, /K6_WEB_DASHBOARD_PORT=0 picks a free port/);
    return true;
  });
});
