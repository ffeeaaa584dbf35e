import * as http from 'node:http';
import * as https from 'node:https';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { ResolvedDeliveryConfig } from './config';
import { REAL_CLOCK, type DeliveryClock } from './delivery-clock';
import type { DeliveryResponse, DeliveryTransport, TransportRequest } from './types';

const gzip = promisify(gzipCallback);
const USER_AGENT = 'dynamo-logging/0.1.0';

/** What one request cost on the wire, for the counters. */
export interface SentRequest {
  readonly response: DeliveryResponse;
  readonly bytesSent: number;
  readonly bytesUncompressed: number;
  readonly compressed: boolean;
}

/** A request that never got a response (refused, reset, timed out, TLS failure). */
export class TransportError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'TransportError';
    this.code = code;
  }
}

/**
 * One keep-alive agent per exporter; gzip off the event loop; a deadline per
 * request covering connect, upload and the capped response read.
 */
export class HttpTransport implements DeliveryTransport {
  private readonly agent: http.Agent;
  private readonly client: typeof http | typeof https;

  constructor(
    private readonly config: ResolvedDeliveryConfig,
    private readonly clock: DeliveryClock = REAL_CLOCK,
  ) {
    const https_ = config.url.protocol === 'https:';
    this.client = https_ ? https : http;
    const agentOptions = { keepAlive: true, maxSockets: config.maxConcurrentRequests + 2, scheduling: 'lifo' as const };
    if (https_) {
      const tls = config.tls;
      this.agent = new https.Agent({
        ...agentOptions,
        ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
        ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
        ...(tls.key !== undefined ? { key: tls.key } : {}),
        ...(tls.servername !== undefined ? { servername: tls.servername } : {}),
        rejectUnauthorized: tls.insecureSkipVerify !== true,
      });
    } else {
      this.agent = new http.Agent(agentOptions);
    }
  }

  async send(request: TransportRequest): Promise<DeliveryResponse> {
    return (await this.sendMeasured(request)).response;
  }

  async sendMeasured(request: TransportRequest): Promise<SentRequest> {
    const raw = request.body ?? new Uint8Array(0);
    const compress = (request.compression ?? this.config.compression) === 'gzip' && raw.byteLength > 0;
    const body = compress ? await gzip(raw, { level: this.config.compressionLevel }) : raw;
    const url = request.path !== undefined ? new URL(request.path, this.config.url) : this.config.url;
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      ...this.config.headers,
      ...(request.headers ?? {}),
      'content-length': String(body.byteLength),
    };
    if (compress) headers['content-encoding'] = 'gzip';
    const response = await this.exchange(url, request.method ?? 'POST', headers, body);
    return { response, bytesSent: body.byteLength, bytesUncompressed: raw.byteLength, compressed: compress };
  }

  private exchange(url: URL, method: string, headers: Record<string, string>, body: Uint8Array): Promise<DeliveryResponse> {
    const { timeoutMillis, maxResponseBytes, tls } = this.config;
    return new Promise<DeliveryResponse>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | undefined, value?: DeliveryResponse) => {
        if (settled) return;
        settled = true;
        this.clock.clearTimeout(timer);
        if (err) reject(err);
        else resolve(value!);
      };
      const req = this.client.request(url, {
        method,
        headers,
        agent: this.agent,
        ...(tls.servername !== undefined ? { servername: tls.servername } : {}),
      });
      const timer = this.clock.setTimeout(() => {
        finish(new TransportError('ETIMEDOUT', `no response within ${timeoutMillis} ms`));
        req.destroy();
      }, timeoutMillis);
      req.on('error', (err: NodeJS.ErrnoException) => {
        finish(new TransportError(err.code ?? 'ERR_NETWORK', err.message));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          // Read on past the cap so the socket stays reusable, keep only the head.
          if (size < maxResponseBytes) chunks.push(chunk.subarray(0, maxResponseBytes - size));
          size += chunk.length;
        });
        res.on('end', () => finish(undefined, { statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (err: NodeJS.ErrnoException) => finish(new TransportError(err.code ?? 'ERR_NETWORK', err.message)));
        res.on('aborted', () => finish(new TransportError('ECONNRESET', 'response aborted')));
      });
      req.end(body);
    });
  }

  /** Closes idle and in-flight sockets; in-flight requests fail with a transport error. */
  close(): void {
    this.agent.destroy();
  }
}
