import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertHar } from './index.ts';

const T0 = Date.parse('2026-12-07T10:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

function entry(ms: number, method: string, url: string, status: number, extra: { req?: object; res?: object; type?: string; page?: string } = {}) {
  return {
    pageref: extra.page, startedDateTime: at(ms), time: 20, _resourceType: extra.type,
    request: { method, url, headers: [{ name: 'Accept', value: '*/*' }, { name: 'Cookie', value: 'sid=1' }, { name: ':authority', value: 'shop.test' }, { name: 'Referer', value: 'https://shop.test/login' }], ...extra.req },
    response: { status, headers: [], content: { mimeType: 'text/html', text: '' }, ...extra.res },
  };
}

const HAR = {
  log: {
    version: '1.2', creator: { name: 'Playwright', version: '1.65' },
    pages: [{ id: 'p1', title: 'Login', startedDateTime: at(0) }, { id: 'p2', title: 'Orders', startedDateTime: at(3000) }],
    entries: [
      entry(0, 'GET', 'https://shop.test/login', 200, { page: 'p1', type: 'document', res: { headers: [], content: { mimeType: 'text/html', text: '<form><input type="hidden" name="csrf_token" value="c5rf-Abcdef123"></form>' } } }),
      entry(50, 'GET', 'https://shop.test/app.css', 200, { page: 'p1', type: 'stylesheet' }),
      entry(60, 'GET', 'https://fonts.cdn.test/font.woff2', 200, { page: 'p1', type: 'font' }),
      entry(500, 'POST', 'https://shop.test/api/login', 200, {
        page: 'p1', type: 'fetch',
        req: { postData: { mimeType: 'application/json', text: '{"user":"ana","csrf":"c5rf-Abcdef123"}' } },
        res: { headers: [], content: { mimeType: 'application/json', text: '{"data":{"token":"tok_9f8e7d6c5b","ttl":60}}' } },
      }),
      entry(600, 'POST', 'https://shop.test/api/orders', 302, {
        page: 'p1', type: 'fetch',
        req: { headers: [{ name: 'Authorization', value: 'Bearer tok_9f8e7d6c5b' }], postData: { mimeType: 'application/x-www-form-urlencoded', text: 'item=42&note=`${x}`' } },
        res: { headers: [{ name: 'Location', value: '/orders/ord_12345678' }], content: { mimeType: 'text/plain', text: '' } },
      }),
      entry(3000, 'GET', 'https://shop.test/orders/ord_12345678', 200, { page: 'p2', type: 'document', req: { headers: [{ name: 'Authorization', value: 'Bearer tok_9f8e7d6c5b' }] } }),
    ],
  },
};

test('pages become groups with the recorded pause (capped), the origin BASE_URL, static and other hosts filtered, cookies and runtime headers dropped', () => {
  const c = convertHar(JSON.stringify(HAR), { source: 'shop.har', maxThinkMs: 2000, noStatic: true });
  assert.equal(c.pages, 2);
  assert.equal(c.requests, 4);
  assert.equal(c.skippedStatic, 1);
  assert.equal(c.skippedOtherHosts, 1);
  assert.match(c.script, /const BASE_URL = __ENV\.BASE_URL \|\| "https:\/\/shop\.test";/);
  assert.match(c.script, /group\("Login", function \(\) \{/);
  assert.match(c.script, /sleep\(2\);\n\n {2}group\("Orders"/, 'the 2.4 s pause, capped at 2 s');
  assert.doesNotMatch(c.script, /Cookie|:authority/);
  assert.match(c.script, /"Referer": `\$\{BASE_URL\}\/login`/);
  assert.match(c.script, /res = http\.post\(`\$\{BASE_URL\}\/api\/orders`, `item=42&note=\\`\\\$\{x\}\\``/, 'bodies as recorded, escaped');
  assert.match(c.script, /redirects: 0,/, 'a recorded redirect is replayed as recorded');
  assert.match(c.script, /check\(res, \{ "POST \/api\/orders: status 302": \(r\) => r\.status === 302 \}\);/);
  assert.doesNotMatch(c.script, /let csrfToken/, 'no correlation unless asked');
  // the script is valid JavaScript
  assert.doesNotThrow(() => new Function('__ENV', 'http', 'check', 'group', 'sleep', c.script.replace(/^import .*$/gm, '').replace('export const options', 'const options').replace('export default function', 'function main')));
});

test('--correlate: a JSON token, a hidden form field and a Location id become variables, used by the later requests only', () => {
  const c = convertHar(JSON.stringify(HAR), { source: 'shop.har', maxThinkMs: 5000, correlate: true });
  assert.equal(c.correlated, 3);
  assert.match(c.script, /let csrfToken;\n {2}let token;\n {2}let ordersId;/);
  assert.match(c.script, /csrfToken = res\.html\(\)\.find\('input\[name="csrf_token"\]'\)\.attr\('value'\);/);
  assert.match(c.script, /token = res\.json\("data\.token"\);/);
  assert.match(c.script, /ordersId = res\.headers\['Location'\]\.split\(\/\[\?#\]\/\)\[0\]\.split\('\/'\)\[2\];/);
  assert.match(c.script, /`\{"user":"ana","csrf":"\$\{csrfToken\}"\}`/);
  assert.match(c.script, /"Authorization": `Bearer \$\{token\}`/);
  assert.match(c.script, /http\.get\(`\$\{BASE_URL\}\/orders\/\$\{ordersId\}`/);
  // "ana" is short and "60" a number: not correlated
  assert.doesNotMatch(c.script, /= res\.json\("data\.ttl"\)/);
});

test('a request with no page and no pages in the HAR starts a new group at each document', () => {
  const flat = { log: { entries: HAR.log.entries.map((e) => ({ ...e, pageref: undefined })) } };
  const c = convertHar(JSON.stringify(flat), { source: 'flat.har', maxThinkMs: 5000 });
  assert.equal(c.pages, 2);
  assert.match(c.script, /group\("\/login"/);
  assert.match(c.script, /group\("\/orders\/ord_12345678"/);
});

test('a multi-line body stays on its line (escaped), so indenting the script cannot change it; odd keys make valid names', () => {
  const multipart = '--b\r\nContent-Disposition: form-data; name="f"\r\n\r\nline one\nline two\r\n--b--\r\n';
  const har = { log: { entries: [
    { startedDateTime: at(0), request: { method: 'POST', url: 'https://shop.test/up', headers: [{ name: 'Content-Type', value: 'multipart/form-data; boundary=b' }], postData: { mimeType: 'multipart/form-data; boundary=b', text: multipart } },
      response: { status: 200, headers: [], content: { mimeType: 'application/json', text: '{"Res":"abcdefgh12","class":"zyxwvut98765"}' } } },
    { startedDateTime: at(10), request: { method: 'GET', url: 'https://shop.test/x?a=abcdefgh12&b=zyxwvut98765', headers: [] }, response: { status: 200, headers: [] } },
  ] } };
  const c = convertHar(JSON.stringify(har), { source: 'up.har', maxThinkMs: 0, correlate: true });
  const body = /http\.post\(`\$\{BASE_URL\}\/up`, (`[^`]*`)/.exec(c.script)?.[1];
  assert.ok(body, c.script);
  assert.equal(new Function(`return ${body};`)(), multipart, 'the recorded body, byte for byte');
  assert.match(c.script, /let valueRes;\n {2}let valueClass;/);
  assert.match(c.script, /\?a=\$\{valueRes\}&b=\$\{valueClass\}/);
});
