/**
 * The two undici pieces the engine uses, loaded on their own. `import
 * 'undici'` loads fetch, WebSocket, caches and mocks as well, which costs
 * about 14 MB of RSS in every worker for nothing (measured in
 * bench/README.md, sleeping VUs); undici has no exports map, so its files
 * can be required directly. Types still come from undici's own d.ts.
 */
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const requireUndici = createRequire(import.meta.url);

export const Client = requireUndici('undici/lib/dispatcher/client.js') as typeof Undici.Client;
export type Client = Undici.Client;
export const buildConnector = requireUndici('undici/lib/core/connect.js') as typeof Undici.buildConnector;
export type ConnectorOptions = Undici.buildConnector.Options;
export type ConnectorCallback = Undici.buildConnector.Callback;
