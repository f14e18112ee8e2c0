/**
 * http/: the HTTP engine over undici. One engine per VU owns that VU's
 * connections (reused across its iterations), cookie jar, redirects, body
 * decoding, k6 timings and k6 error codes. Knows nothing of metrics: the
 * k6/http module turns results into samples. Imports only lib/ and errors/.
 */
export { createHttpEngine, DEFAULT_USER_AGENT, type HttpEngine, type HttpEngineOptions, type HttpRequest, type HttpOutcome } from './engine.ts';
export { failedResult } from './result-builder.ts';
export { HttpResult, SentRequest, BodyTooLargeError, MAX_TEXT_BODY_BYTES, type HttpTimings, type ResponseType, type RequestCookie } from './result.ts';
export { CookieJar, parseSetCookie, type CookieOptions, type ParsedSetCookie, type StoredCookie } from './cookie-jar.ts';
export { ErrorCode, classifyError, statusErrorCode, type ClassifiedError } from './errors.ts';
export { canonicalHeaderName } from './headers.ts';
export { digestAuthorization, parseChallenges, pickDigestChallenge, type AuthChallenge, type DigestInput } from './digest-auth.ts';
export { DEFAULT_DNS, type DnsSettings } from './dns.ts';
export { hostOverride } from './hosts.ts';
export { nodeTlsOptions, clientCertificateFor, type TlsSettings, type ClientCertificate } from './tls-options.ts';
