import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActionStore } from './actions-store.ts';
import { MatchQueue } from './match-queue.ts';
import { createTokenIssuer } from './tokens.ts';

function clock(startMs = 1_000_000) {
  let now = startMs;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

test('ActionStore executes approved actions only once their delay has passed, in approval order', () => {
  const c = clock();
  const store = new ActionStore({ executeAfterMs: 100, nowMs: c.now });
  const a = store.submit('t', null, 'u');
  const b = store.submit('t', null, 'u');
  store.approve(b.id, 'boss');
  c.advance(10);
  store.approve(a.id, 'boss');
  c.advance(89);
  assert.equal(store.executeDue(), 0);
  c.advance(1);
  assert.equal(store.executeDue(), 1);
  assert.equal(store.get(b.id)!.status, 'executed');
  assert.equal(store.get(a.id)!.status, 'approved');
  c.advance(10);
  assert.equal(store.executeDue(), 1);
  assert.equal(store.get(a.id)!.executedAt, store.get(a.id)!.approvedAt! + 100);
  assert.deepEqual(store.counts(), { pending: 0, approved: 0, executed: 2 });
});

test('ActionStore forgets the oldest actions past maxActions and keeps its counts right', () => {
  const store = new ActionStore({ maxActions: 3, executeAfterMs: 0 });
  const first = store.submit('t', null, 'u');
  const second = store.submit('t', null, 'u');
  store.approve(second.id, 'boss');
  store.submit('t', null, 'u');
  store.submit('t', null, 'u');
  assert.equal(store.get(first.id), undefined);
  assert.deepEqual(store.approve(first.id, 'boss'), { ok: false, reason: 'not-found' });
  store.submit('t', null, 'u');
  assert.equal(store.get(second.id), undefined);
  assert.deepEqual(store.counts(), { pending: 3, approved: 0, executed: 0 });
  assert.equal(store.executeDue(), 0);
  assert.equal(store.listPending(1, 10).total, 3);
});

test('MatchQueue positions count only tickets still waiting', () => {
  const c = clock();
  const queue = new MatchQueue({ matchAfterMs: 100, nowMs: c.now });
  assert.equal(queue.join('eu').position, 1);
  const second = queue.join('eu');
  assert.equal(second.position, 2);
  c.advance(50);
  assert.equal(queue.join('us').position, 3);
  queue.leave(second.ticket);
  c.advance(50);
  assert.equal(queue.join('us').position, 2);
  assert.equal(queue.waitingCount(), 2);
});

test('MatchQueue reports matched with matchedAt once matchAfterMs has passed', () => {
  const c = clock();
  const queue = new MatchQueue({ matchAfterMs: 100, nowMs: c.now });
  const { ticket } = queue.join('eu');
  c.advance(99);
  assert.equal(queue.status(ticket)!.matched, false);
  c.advance(1);
  assert.deepEqual(queue.status(ticket), { ticket, matched: true, region: 'eu', joinedAt: 1_000_000, matchedAt: 1_000_100 });
  assert.equal(queue.status('tkt_nope'), undefined);
});

test('tokens verify only for their kind, signature and lifetime', () => {
  const c = clock(Date.UTC(2026, 0, 1));
  const issuer = createTokenIssuer(Buffer.from('k'), c.now);
  const token = issuer.issue('ana', 'access', 60);
  assert.equal(issuer.verify(token, 'access'), 'ana');
  assert.equal(issuer.verify(token, 'refresh'), null);
  assert.equal(createTokenIssuer(Buffer.from('other'), c.now).verify(token, 'access'), null);
  const [payload] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ sub: 'eve', kind: 'access', exp: 9e9, n: 'x' })).toString('base64url');
  assert.equal(issuer.verify(token.replace(payload, forged), 'access'), null);
  c.advance(60_000);
  assert.equal(issuer.verify(token, 'access'), null);
});
