/**
 * Secrets never reach a log line or a report: a URL's password (and its
 * `password=`, `token=`, `access_token=` query parameters) are replaced by
 * `***` wherever a URL appears in a text. Used by probes and outputs, whose
 * errors quote the URL they could not reach.
 */

const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*):([^\s/@]*)@/gi;
const SECRET_PARAMS = /([?&](?:password|passwd|pass|token|access_token|api_key|apikey|secret)=)[^&#\s]*/gi;

/** `text` with every URL's password and secret query parameters masked. */
export function redactSecrets(text: string): string {
  return text.replace(USERINFO, (_m, scheme: string, user: string) => `${scheme}${user}:***@`).replace(SECRET_PARAMS, '$1***');
}
