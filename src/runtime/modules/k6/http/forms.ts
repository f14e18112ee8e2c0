/**
 * Response.submitForm() and Response.clickLink(): find the form or link in
 * the response's HTML, resolve its target against the response URL, and
 * make the request k6 would make (form fields, the submit button, the
 * script's overrides; GET forms in the query string, others urlencoded).
 */
import type { Selection } from '../html/index.ts';

/** Makes a request the way http.request does. */
export type Requester = (method: string, url: string, body: unknown, params: unknown) => Promise<unknown>;

export interface SubmitFormOptions {
  formSelector?: string;
  submitSelector?: string;
  fields?: Record<string, string>;
  params?: unknown;
}

export function submitForm(doc: Selection, pageUrl: string, opts: SubmitFormOptions = {}, request: Requester): Promise<unknown> {
  const formSelector = opts.formSelector ?? 'form';
  const form = doc.find(formSelector).first();
  if (form.size() === 0) throw new Error(`submitForm: no form matches ${JSON.stringify(formSelector)}`);
  const method = (form.attr('method') ?? 'GET').toUpperCase();
  const action = new URL(form.attr('action') ?? '', pageUrl).toString();
  const fields = new URLSearchParams();
  for (const { name, value } of form.serializeArray()) fields.append(name, value);
  const submit = form.find(opts.submitSelector ?? '[type="submit"]').first();
  const submitName = submit.attr('name');
  if (submitName) fields.append(submitName, submit.attr('value') ?? '');
  for (const [name, value] of Object.entries(opts.fields ?? {})) fields.set(name, String(value));
  if (method === 'GET') {
    const target = new URL(action);
    for (const [k, v] of fields) target.searchParams.append(k, v);
    return request('GET', target.toString(), null, opts.params);
  }
  const body: Record<string, string> = {};
  for (const [k, v] of fields) body[k] = v;
  return request(method, action, body, opts.params);
}

export interface ClickLinkOptions {
  selector?: string;
  params?: unknown;
}

export function clickLink(doc: Selection, pageUrl: string, opts: ClickLinkOptions = {}, request: Requester): Promise<unknown> {
  const selector = opts.selector ?? 'a[href]';
  const link = doc.find(selector).first();
  const href = link.attr('href');
  if (href === undefined) throw new Error(`clickLink: no link with an href matches ${JSON.stringify(selector)}`);
  return request('GET', new URL(href, pageUrl).toString(), null, opts.params);
}
