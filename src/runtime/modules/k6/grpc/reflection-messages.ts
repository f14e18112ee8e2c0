/**
 * The messages of gRPC's server reflection protocol (grpc.reflection.v1 and
 * v1alpha share them): the three requests the client sends, and the
 * answers it understands — file descriptors, the service list, an error.
 * Field numbers are those of the public reflection.proto.
 */
import { bytesFields, int32Field, readFields, stringField, WireWriter } from './wire.ts';

// ServerReflectionRequest
const REQ_FILE_BY_FILENAME = 3;
const REQ_FILE_CONTAINING_SYMBOL = 4;
const REQ_LIST_SERVICES = 7;

// ServerReflectionResponse
const RES_FILE_DESCRIPTOR_RESPONSE = 4;
const RES_LIST_SERVICES_RESPONSE = 6;
const RES_ERROR_RESPONSE = 7;
// FileDescriptorResponse.file_descriptor_proto, ListServiceResponse.service, ServiceResponse.name
const REPEATED_FIELD = 1;
const SERVICE_NAME = 1;
// ErrorResponse
const ERROR_CODE = 1;
const ERROR_MESSAGE = 2;

export type ReflectionRequest =
  | { kind: 'listServices' }
  | { kind: 'fileContainingSymbol'; symbol: string }
  | { kind: 'fileByFilename'; filename: string };

export type ReflectionAnswer =
  | { kind: 'files'; files: Buffer[] }
  | { kind: 'services'; names: string[] }
  | { kind: 'error'; code: number; message: string }
  | { kind: 'unexpected' };

export function encodeRequest(req: ReflectionRequest): Buffer {
  const w = new WireWriter();
  switch (req.kind) {
    case 'listServices': w.bytes(REQ_LIST_SERVICES, ''); break;
    case 'fileContainingSymbol': w.bytes(REQ_FILE_CONTAINING_SYMBOL, req.symbol); break;
    case 'fileByFilename': w.bytes(REQ_FILE_BY_FILENAME, req.filename); break;
  }
  return w.finish();
}

/** Reads a ServerReflectionResponse; throws when the bytes are not a protobuf message. */
export function decodeAnswer(buf: Buffer): ReflectionAnswer {
  const fields = readFields(buf);
  const payload = (field: number): Buffer | undefined => bytesFields(fields, field).at(-1);
  const error = payload(RES_ERROR_RESPONSE);
  if (error !== undefined) {
    const f = readFields(error);
    return { kind: 'error', code: int32Field(f, ERROR_CODE), message: stringField(f, ERROR_MESSAGE) };
  }
  const files = payload(RES_FILE_DESCRIPTOR_RESPONSE);
  if (files !== undefined) return { kind: 'files', files: bytesFields(readFields(files), REPEATED_FIELD) };
  const services = payload(RES_LIST_SERVICES_RESPONSE);
  if (services !== undefined) {
    const names = bytesFields(readFields(services), REPEATED_FIELD).map((s) => stringField(readFields(s), SERVICE_NAME));
    return { kind: 'services', names };
  }
  return { kind: 'unexpected' };
}
