/**
 * k6/html and the HTML helpers of Response (issue #4): select and read
 * elements, then submit a form and click a link the way a browsing persona
 * does; the server sees the requests a browser would send.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

const PAGE = `<!doctype html><html><head><title>Approvals</title></head><body>
<h1 class="title main">Pending approvals</h1>
<ul id="items"><li data-id="7">Laptop</li><li data-id="9">Monitor</li><li data-id="12">Desk</li></ul>
<a class="next" href="/approvals?page=2">Next</a>
<form action="/approve" method="post">
  <input type="hidden" name="csrf" value="tok-9f">
  <input type="text" name="comment" value="">
  <select name="level"><option value="1">one</option><option value="2" selected>two</option></select>
  <input type="checkbox" name="notify" value="yes" checked>
  <button type="submit" name="decision" value="approve">Approve</button>
</form>
<form id="search" action="/search"><input name="q" value="x"></form>
</body></html>`;

test('res.html() selects and reads; submitForm posts the fields and clickLink follows the link', async () => {
  const posted: Record<string, string>[] = [];
  const queries: string[] = [];
  const target = await startTarget({
    '/page': (_req, res) => { res.setHeader('content-type', 'text/html'); res.end(PAGE); },
    '/approve': (req, res, body) => { posted.push(Object.fromEntries(new URLSearchParams(body.toString('utf8')))); res.end(req.method); },
    '/search': (req, res) => { queries.push(req.url ?? ''); res.end('found'); },
    '/approvals': (req, res) => { res.end(`page ${new URL(req.url ?? '', 'http://x').searchParams.get('page')}`); },
  });
  try {
    const dir = await scriptDir({
      'html.js': `import http from 'k6/http';
import { parseHTML } from 'k6/html';
import { check } from 'k6';
export const options = { iterations: 1, thresholds: { checks: ['rate==1'] } };
export default function () {
  const res = http.get('${target.url}/page');
  const doc = res.html();
  const ids = [];
  doc.find('#items li').each((i, el) => ids.push(el.getAttribute('data-id') + ':' + el.textContent));
  check(doc, {
    'title': (d) => d.find('title').text() === 'Approvals',
    'h1 classes': (d) => d.find('h1').attr('class') === 'title main' && d.find('h1').is('.main'),
    'three items': (d) => d.find('li').size() === 3 && d.find('li').last().text() === 'Desk',
    'map': (d) => d.find('li').map((i, s) => s.attr('data-id')).join(',') === '7,9,12',
    'each with elements': () => ids.join('|') === '7:Laptop|9:Monitor|12:Desk',
    'selector shortcut': () => res.html('a.next').attr('href') === '/approvals?page=2',
    'parseHTML': () => parseHTML('<p><b>x</b>y</p>').find('p').children().first().text() === 'x',
    'serializeObject': (d) => d.find('form').first().serializeObject().csrf === 'tok-9f',
  });
  const submitted = res.submitForm({ fields: { comment: 'looks good' } });
  check(submitted, { 'form posted': (r) => r.status === 200 && r.body === 'POST' });
  const searched = res.submitForm({ formSelector: '#search', fields: { q: 'desk lamp' } });
  check(searched, { 'GET form': (r) => r.body === 'found' });
  const next = res.clickLink({ selector: 'a.next' });
  check(next, { 'link followed': (r) => r.body === 'page 2' && r.url === '${target.url}/approvals?page=2' });
}
`,
    });
    const r = await stampede(['run', '--summary-export', path.join(dir, 's.json'), path.join(dir, 'html.js')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const summary = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8'));
    assert.equal(summary.metrics.checks.passes, 11, r.stdout);
    assert.deepEqual(posted, [{ csrf: 'tok-9f', comment: 'looks good', level: '2', notify: 'yes', decision: 'approve' }]);
    assert.deepEqual(queries, ['/search?q=desk+lamp']);
  } finally {
    await target.close();
  }
});
