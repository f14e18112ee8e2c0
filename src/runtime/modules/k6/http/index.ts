/**
 * The `k6/http` module, one instance per VU: request functions (all return
 * Promise<Response>; the script compiler awaits them), batch, cookie jars,
 * response callbacks, http.url, http.file and k6's constants. HTTP itself is
 * src/http's engine; this folder turns k6's API into engine requests and
 * engine results into k6 Responses and samples.
 */
import { CookieJar } from '../../../../http/index.ts';
import type { VuRuntime } from '../../../vu-runtime.ts';
import { HttpClient } from './client.ts';
import { ExpectedStatuses, expectedStatuses } from './expected-statuses.ts';
import { file, FileData } from './body.ts';
import { urlTag } from './url-tag.ts';
import { HTTP_HOOK_SLOT, type HttpHookSlot } from '../tracing/http-hook.ts';

export { Response } from './response.ts';
export { HttpURL } from './url-tag.ts';
export { FileData } from './body.ts';
export { ExpectedStatuses } from './expected-statuses.ts';
export { INIT_CONTEXT_ERROR } from './client.ts';

const CONSTANTS = {
  TLS_1_0: 'tls1.0', TLS_1_1: 'tls1.1', TLS_1_2: 'tls1.2', TLS_1_3: 'tls1.3',
  OCSP_STATUS_GOOD: 'good', OCSP_STATUS_REVOKED: 'revoked', OCSP_STATUS_SERVER_FAILED: 'server_failed', OCSP_STATUS_UNKNOWN: 'unknown',
  OCSP_REASON_UNSPECIFIED: 'unspecified', OCSP_REASON_KEY_COMPROMISE: 'key_compromise', OCSP_REASON_CA_COMPROMISE: 'ca_compromise',
  OCSP_REASON_AFFILIATION_CHANGED: 'affiliation_changed', OCSP_REASON_SUPERSEDED: 'superseded',
  OCSP_REASON_CESSATION_OF_OPERATION: 'cessation_of_operation', OCSP_REASON_CERTIFICATE_HOLD: 'certificate_hold',
  OCSP_REASON_REMOVE_FROM_CRL: 'remove_from_crl', OCSP_REASON_PRIVILEGE_WITHDRAWN: 'privilege_withdrawn', OCSP_REASON_AA_COMPROMISE: 'aa_compromise',
} as const;

/**
 * What every VU's namespace shares: k6's constants and the functions that
 * hold no VU state. Each VU's namespace inherits them instead of carrying
 * copies (at 10,000 VUs, two 40-property objects per VU were ~1 KB each).
 */
const STATELESS: Readonly<Record<string, unknown>> = Object.freeze({ expectedStatuses, url: urlTag, file, FileData, CookieJar, ...CONSTANTS });

/**
 * Creates the `k6/http` namespace for one VU: `{ default: http, get, post, … }`
 * where `default` has the same members. The VU's engine (connections, cookie
 * jar) is created on the first request and closed through `vu.onClose`.
 */
export function createHttpModule(vu: VuRuntime): Record<string, unknown> {
  const client = new HttpClient(vu);
  const slot: HttpHookSlot = { hook: undefined, raw: () => requestFunctions(client, unchanged) };
  // Hot path: with no hook, one property read per request.
  const hooked = (params: unknown): unknown => (slot.hook === undefined ? params : slot.hook(params));
  const api = {
    ...requestFunctions(client, hooked),
    batch: (requests: unknown) => client.batch(requests),
    cookieJar: (): CookieJar => {
      if (vu.state.inInit) throw new Error('getting the cookie jar in the init context is not supported');
      return client.currentJar();
    },
    setResponseCallback: (callback: unknown): void => {
      if (callback !== null && !(callback instanceof ExpectedStatuses)) {
        throw new Error('setResponseCallback() takes the result of http.expectedStatuses() or null');
      }
      client.responseCallback = callback;
    },
    [HTTP_HOOK_SLOT]: slot,
  };
  const own = Object.assign(Object.create(STATELESS) as Record<string, unknown>, api);
  return Object.assign(Object.create(STATELESS) as Record<string, unknown>, api, { default: own });
}

function unchanged(params: unknown): unknown {
  return params;
}

/** k6/http's request functions over the VU's client, each passing its params through `through`. */
function requestFunctions(client: HttpClient, through: (params: unknown) => unknown): Record<string, (...args: unknown[]) => unknown> {
  const request = (method: unknown, url: unknown, body?: unknown, params?: unknown) => client.request(method, url, body, through(params));
  return {
    request,
    asyncRequest: request,
    get: (url: unknown, params?: unknown) => client.request('GET', url, null, through(params)),
    head: (url: unknown, params?: unknown) => client.request('HEAD', url, null, through(params)),
    options: (url: unknown, body?: unknown, params?: unknown) => client.request('OPTIONS', url, body, through(params)),
    del: (url: unknown, body?: unknown, params?: unknown) => client.request('DELETE', url, body, through(params)),
    post: (url: unknown, body?: unknown, params?: unknown) => client.request('POST', url, body, through(params)),
    put: (url: unknown, body?: unknown, params?: unknown) => client.request('PUT', url, body, through(params)),
    patch: (url: unknown, body?: unknown, params?: unknown) => client.request('PATCH', url, body, through(params)),
    query: (url: unknown, body?: unknown, params?: unknown) => client.request('QUERY', url, body, through(params)),
  };
}
