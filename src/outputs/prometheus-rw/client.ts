/**
 * POSTs a remote-write body to the endpoint with the headers the protocol
 * asks for (snappy, protobuf, version 0.1.0) plus the user's. The answer is
 * read with the outputs' one rule (../classify.ts): a 5xx, a 408, a 429 or
 * a network failure is retried by the push queue; any other non-2xx means
 * the endpoint will never take these samples (bad labels, out-of-order
 * data, refused credentials), so it is a RefusedBatchError and the samples
 * are counted as dropped, not retried.
 */
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'undici';
import { ConfigError } from '../../errors/index.ts';
import { classify, RefusedBatchError } from '../classify.ts';
import type { PrometheusRwConfig } from './config.ts';

const TIMEOUT_MS = 5_000;

export class RemoteWriteClient {
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #agent: Agent;

  private constructor(url: string, headers: Record<string, string>, agent: Agent) {
    this.#url = url;
    this.#headers = headers;
    this.#agent = agent;
  }

  /** Builds the client; an unreadable client certificate is a ConfigError. */
  static async create(config: PrometheusRwConfig, userAgent: string): Promise<RemoteWriteClient> {
    let cert: Buffer | undefined;
    let key: Buffer | undefined;
    if (config.clientCertificate && config.clientCertificateKey) {
      try {
        [cert, key] = await Promise.all([readFile(config.clientCertificate), readFile(config.clientCertificateKey)]);
      } catch (err) {
        throw new ConfigError([`K6_PROMETHEUS_RW_CLIENT_CERTIFICATE: cannot read the client certificate or key: ${(err as Error).message}`]);
      }
    }
    const agent = new Agent({
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      connectTimeout: TIMEOUT_MS,
      connect: { rejectUnauthorized: !config.insecureSkipTLSVerify, minVersion: config.tlsMinVersion, cert, key },
    });
    const headers: Record<string, string> = {
      'Content-Encoding': 'snappy',
      'Content-Type': 'application/x-protobuf',
      'User-Agent': userAgent,
      'X-Prometheus-Remote-Write-Version': '0.1.0',
      ...config.headers,
    };
    return new RemoteWriteClient(config.serverUrl, headers, agent);
  }

  /** Sends one compressed WriteRequest; rejects with a RefusedBatchError (do not retry) or another Error (retry). */
  async send(body: Uint8Array): Promise<void> {
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(this.#url, { method: 'POST', headers: this.#headers, body, dispatcher: this.#agent });
    } catch (err) {
      throw new Error(`cannot reach ${this.#url}: ${(err as Error).message}`);
    }
    const verdict = classify(res.statusCode);
    if (verdict === 'ok') {
      await res.body.dump();
      return;
    }
    const text = (await res.body.text().catch(() => '')).trim().slice(0, 300);
    const message = `HTTP ${res.statusCode} from ${this.#url}${text ? `: ${text}` : ''}`;
    throw verdict === 'refused' ? new RefusedBatchError(message, undefined, res.statusCode) : new Error(message);
  }

  async close(): Promise<void> {
    await this.#agent.close().catch(() => {});
  }
}
