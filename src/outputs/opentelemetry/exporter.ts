/**
 * Builds the OTLP metric exporter the configuration asks for: the
 * HTTP/protobuf one (@opentelemetry/exporter-metrics-otlp-proto) or the
 * gRPC one (@opentelemetry/exporter-metrics-otlp-grpc over @grpc/grpc-js).
 * Only the chosen one is loaded. Every setting is passed explicitly (k6's
 * endpoint, TLS, headers, timeout, compression, temporality), so what the
 * exporter does follows the resolved configuration, not its own defaults.
 */
import { readFile } from 'node:fs/promises';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { ConfigError } from '../../errors/index.ts';
import type { OtelConfig, TemporalityPreference } from './config.ts';

/** The exporters' AggregationTemporalityPreference values (DELTA 0, CUMULATIVE 1, LOWMEMORY 2). */
const TEMPORALITY: Record<TemporalityPreference, number> = { delta: 0, cumulative: 1, lowmemory: 2 };

interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

async function readTlsFile(path: string | undefined, variable: string): Promise<Buffer | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readFile(path);
  } catch (err) {
    throw new ConfigError([`${variable}: cannot read ${JSON.stringify(path)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
}

async function tlsMaterial(c: OtelConfig): Promise<TlsMaterial> {
  return {
    ca: await readTlsFile(c.tls.caFile, 'K6_OTEL_TLS_CERTIFICATE'),
    cert: await readTlsFile(c.tls.certFile, 'K6_OTEL_TLS_CLIENT_CERTIFICATE'),
    key: await readTlsFile(c.tls.keyFile, 'K6_OTEL_TLS_CLIENT_KEY'),
  };
}

/** The exporter the reader pushes to; the timeout covers one export with its retries. */
export async function createOtlpExporter(c: OtelConfig, timeoutMillis: number): Promise<PushMetricExporter> {
  const tls = await tlsMaterial(c);
  // the exporters type these with their own copies of the SDK's enums; the values are the documented ones
  const temporalityPreference = TEMPORALITY[c.temporality] as never;
  const compression = c.compression as never;
  if (c.protocol === 'http/protobuf') {
    const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-proto');
    return new OTLPMetricExporter({
      url: c.endpoint,
      headers: { ...c.headers },
      timeoutMillis,
      compression,
      temporalityPreference,
      httpAgentOptions: {
        keepAlive: true,
        ...(tls.ca ? { ca: tls.ca } : {}),
        ...(tls.cert ? { cert: tls.cert, key: tls.key } : {}),
        ...(c.tls.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
      },
    });
  }
  const [{ OTLPMetricExporter }, grpc] = await Promise.all([import('@opentelemetry/exporter-metrics-otlp-grpc'), import('@grpc/grpc-js')]);
  const metadata = new grpc.Metadata();
  for (const [k, v] of Object.entries(c.headers)) metadata.set(k, v);
  const credentials = c.insecure
    ? grpc.credentials.createInsecure()
    : grpc.credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null, c.tls.insecureSkipVerify ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {});
  return new OTLPMetricExporter({
    url: `${c.insecure ? 'http' : 'https'}://${c.endpoint}`,
    credentials,
    metadata,
    timeoutMillis,
    compression,
    temporalityPreference,
  });
}
