/**
 * Web-platform modules k6 had under k6/experimental and Node has as
 * globals: `k6/experimental/webcrypto` (k6 v0.44–v0.5x; the WebCrypto
 * `crypto` object, which k6 v1 made the global `crypto`) and
 * `k6/experimental/streams` (k6 v0.53+; the WHATWG Streams API's
 * ReadableStream and queuing strategies). Both export Node's own objects.
 */
export function webcryptoModule(): Record<string, unknown> {
  const api = { crypto: globalThis.crypto };
  return { ...api, default: api };
}

export function streamsModule(): Record<string, unknown> {
  const api = {
    ReadableStream: globalThis.ReadableStream,
    ReadableStreamDefaultReader: globalThis.ReadableStreamDefaultReader,
    CountQueuingStrategy: globalThis.CountQueuingStrategy,
    ByteLengthQueuingStrategy: globalThis.ByteLengthQueuingStrategy,
  };
  return { ...api, default: api };
}
