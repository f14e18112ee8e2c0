/**
 * A run-control request (REST API / `stampede scale`) that cannot be done,
 * e.g. scaling without an externally-controlled scenario. The API answers it
 * with 400 and this message; the run goes on.
 */
export class ControlError extends Error {
  override readonly name = 'ControlError';
}
