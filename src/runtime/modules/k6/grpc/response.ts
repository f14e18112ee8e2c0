/**
 * The objects a script gets back from the gRPC API: k6's Response
 * ({ status, message, headers, trailers, error }), the error object of a
 * failed RPC ({ code, message, details }) and metadata as { key: [values] }.
 */
import type { Metadata, StatusObject } from '@grpc/grpc-js';

/** k6's gRPC Response. */
export interface GrpcResponse {
  status: number;
  message: unknown;
  headers: Record<string, string[]>;
  trailers: Record<string, string[]>;
  error: GrpcError | null;
}

/** The error of a non-OK status (google.rpc.Status in its JSON form). */
export interface GrpcError {
  code: number;
  message: string;
  details: unknown[];
}

/** Metadata as k6 shows it: every key with the list of its values (binary values as text). */
export function metadataObject(md: Metadata | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (md === undefined) return out;
  for (const [key, values] of Object.entries(md.toJSON())) {
    out[key] = values.map((v) => (typeof v === 'string' ? v : Buffer.from(v).toString('utf8')));
  }
  return out;
}

export function errorObject(status: StatusObject): GrpcError {
  return { code: status.code, message: status.details, details: [] };
}
