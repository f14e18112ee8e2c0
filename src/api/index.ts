/**
 * api/: the REST API of a running test (k6's v1 routes on 127.0.0.1:6565)
 * and its client for the control commands. Main thread only; it sees the
 * run through the RunControl interface and nothing else.
 */
export { startApiServer, parseStatusChange, type ApiServer } from './server.ts';
export { callStatus, formatStatus } from './client.ts';
export { parseApiAddress, formatAddress, DEFAULT_API_ADDRESS, type ApiAddress } from './address.ts';
export { RunStatusCode, type RunControl, type RunStatus, type StatusChange } from './run-control.ts';
