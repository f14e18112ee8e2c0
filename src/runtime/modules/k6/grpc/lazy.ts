/**
 * @grpc/grpc-js and @grpc/proto-loader, loaded on first use: grpc-js pulls
 * in node:http2 and protobufjs, which a worker whose script never imports
 * k6/net/grpc should not pay for (bench/README.md, sleeping VUs).
 */
import { createRequire } from 'node:module';
import type * as GrpcJs from '@grpc/grpc-js';
import type * as ProtoLoader from '@grpc/proto-loader';

const load = createRequire(import.meta.url);
let grpc: typeof GrpcJs | undefined;
let loader: typeof ProtoLoader | undefined;

export const grpcJs = (): typeof GrpcJs => (grpc ??= load('@grpc/grpc-js') as typeof GrpcJs);
export const protoLoader = (): typeof ProtoLoader => (loader ??= load('@grpc/proto-loader') as typeof ProtoLoader);
