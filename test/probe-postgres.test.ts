/**
 * The PostgreSQL probe source against a real PostgreSQL (test/helpers/
 * postgres-server.ts): numbers and per-row series from real queries, values
 * that follow the table, the server's own error messages without the URL's
 * password, aborts, and a reconnect after the probe's backend is killed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openPostgresProbe } from '../src/probes/sources/postgres.ts';
import type { ProbeReading, ProbeSource } from '../src/probes/types.ts';
import { requirePostgres, startPostgres } from './helpers/postgres-server.ts';
import type { PostgresServer } from './helpers/postgres-server.ts';
import { freePort } from './helpers/target.ts';

const TIMEOUT = { timeout: 30_000 };
const never = () => new AbortController().signal;

function open(url: string, query: string): Promise<ProbeSource> {
  return openPostgresProbe({ kind: 'postgres', url, query }, { connectTimeoutMs: 3_000 });
}

/** Runs `fn` with a probe on `query`, closing it whatever happens. */
async function withProbe<T>(url: string, query: string, fn: (probe: ProbeSource) => Promise<T>): Promise<T> {
  const probe = await open(url, query);
  try {
    return await fn(probe);
  } finally {
    await probe.close();
  }
}

const byTag = (readings: ProbeReading[], key: string) =>
  Object.fromEntries(readings.map((r) => [r.tags?.[key], r.value]));

describe('postgres probe source', () => {
  let server: PostgresServer;
  let admin: pg.Client;

  before(async () => {
    requirePostgres();
    server = await startPostgres();
    admin = new pg.Client({ connectionString: server.url });
    admin.on('error', () => undefined);
    await admin.connect();
  }, TIMEOUT);

  after(async () => {
    await admin?.end().catch(() => undefined);
    await server?.stop();
  }, TIMEOUT);

  test('a one-number query gives one untagged reading: what another client sees', TIMEOUT, async () => {
    await withProbe(server.url, 'select count(*) from pg_stat_activity', async (probe) => {
      const readings = await probe.read(never());
      assert.equal(readings.length, 1);
      assert.equal(readings[0].tags, undefined);
      const { rows } = await admin.query<{ n: string }>('select count(*) as n from pg_stat_activity');
      assert.ok(Math.abs(readings[0].value - Number(rows[0].n)) <= 2, `probe ${readings[0].value}, client ${rows[0].n}`);
    });
  });

  test('rows become series: text columns are tags, several numbers get a column tag', TIMEOUT, async () => {
    const grouped = "select state, count(*) from (values ('a'),('a'),('b')) t(state) group by state";
    await withProbe(server.url, grouped, async (probe) => {
      const readings = await probe.read(never());
      assert.equal(readings.length, 2);
      assert.deepEqual(byTag(readings, 'state'), { a: 2, b: 1 });
      assert.ok(readings.every((r) => r.tags?.column === undefined));
    });
    const twoNumbers = "select 'q1'::text as queue, 3::int as waiting, 1.5::numeric as lag";
    await withProbe(server.url, twoNumbers, async (probe) => {
      assert.deepEqual(await probe.read(never()), [
        { value: 3, tags: { queue: 'q1', column: 'waiting' } },
        { value: 1.5, tags: { queue: 'q1', column: 'lag' } },
      ]);
    });
    await withProbe(server.url, 'select 1 where false', async (probe) => {
      assert.deepEqual(await probe.read(never()), []);
    });
    await withProbe(server.url, "select 'a' as x, 'b' as y", async (probe) => {
      await assert.rejects(probe.read(never()), /query returned no numeric column; select a count or a number/);
    });
  });

  test('the value follows a table written between reads', TIMEOUT, async () => {
    await admin.query('create table jobs (id serial primary key, state text not null)');
    try {
      await withProbe(server.url, "select count(*) from jobs where state = 'waiting'", async (probe) => {
        assert.deepEqual(await probe.read(never()), [{ value: 0 }]);
        await admin.query("insert into jobs (state) values ('waiting'), ('waiting'), ('done')");
        assert.deepEqual(await probe.read(never()), [{ value: 2 }]);
        await admin.query("update jobs set state = 'done'");
        assert.deepEqual(await probe.read(never()), [{ value: 0 }]);
      });
    } finally {
      await admin.query('drop table jobs');
    }
  });

  test('a bad query rejects with the server\'s message; the probe goes on', TIMEOUT, async () => {
    await withProbe(server.url, 'select count(*) from no_such_table', async (probe) => {
      await assert.rejects(probe.read(never()), /relation "no_such_table" does not exist/);
      await assert.rejects(probe.read(never()), /relation "no_such_table" does not exist/);
      await admin.query('create table no_such_table (x int)');
      try {
        assert.deepEqual(await probe.read(never()), [{ value: 0 }]);
      } finally {
        await admin.query('drop table no_such_table');
      }
    });
  });

  test('a down server or a wrong password rejects with the cause and without the password', TIMEOUT, async () => {
    const port = await freePort();
    const down = open(`postgres://stampede:hunter2secret@127.0.0.1:${port}/postgres`, 'select 1');
    await assert.rejects(down, (err: Error) => {
      assert.match(err.message, new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${port}`));
      assert.doesNotMatch(err.message, /hunter2secret/);
      return true;
    });
    const wrong = open(`postgres://stampede:wrongpassword9@127.0.0.1:${server.port}/postgres`, 'select 1');
    await assert.rejects(wrong, (err: Error) => {
      assert.match(err.message, /password authentication failed/);
      assert.doesNotMatch(err.message, /wrongpassword9/);
      return true;
    });
  });

  test('a terminated backend: the next read reconnects and succeeds', TIMEOUT, async () => {
    await withProbe(server.url, 'select pg_backend_pid()', async (probe) => {
      const [before] = await probe.read(never());
      const { rows } = await admin.query(
        "select pg_terminate_backend(pid) as killed from pg_stat_activity where application_name = 'stampede-probe'");
      assert.equal(rows.length, 1);
      // let the server's FATAL reach the idle client, then read again
      await new Promise((r) => setTimeout(r, 200));
      const [afterKill] = await probe.read(never());
      assert.notEqual(afterKill.value, before.value, 'a new backend answers');
      // read at once: noticed or not yet noticed by the client, the kill costs no failed read
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'stampede-probe'");
      const [again] = await probe.read(never());
      assert.notEqual(again.value, afterKill.value);
    });
  });

  test('an aborted read rejects at once and the query is cancelled on the server', TIMEOUT, async () => {
    await withProbe(server.url, 'select 1 from pg_sleep(20)', async (probe) => {
      const started = Date.now();
      await assert.rejects(probe.read(AbortSignal.timeout(300)), /timed out/);
      assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
      const deadline = Date.now() + 5_000;
      for (;;) {
        const { rows } = await admin.query(
          "select count(*)::int as n from pg_stat_activity where application_name = 'stampede-probe' and state = 'active'");
        if (rows[0].n === 0) break;
        assert.ok(Date.now() < deadline, 'the sleeping query is still running');
        await new Promise((r) => setTimeout(r, 100));
      }
      const aborted = new AbortController();
      aborted.abort();
      await assert.rejects(probe.read(aborted.signal), /aborted/);
    });
  });
});
