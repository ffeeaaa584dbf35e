import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';

export interface Arrival {
  /** When the request's body was complete (the server's `now`, performance.now() by default). */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** Decompressed body. */
  readonly body: Buffer;
  readonly wireBytes: number;
  readonly seqs: number[];
}

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly delayMs?: number;
  /** Sequence numbers of a 2xx request that the server reports as not accepted (per-item failures). */
  readonly notAccepted?: readonly number[];
}

/** Decides the answer to one request; default 200. */
export type Responder = (arrival: Arrival, server: FaultServer) => Reply | Promise<Reply>;

/**
 * A local receiver that can go down and come back on the same port, answer
 * with any status, delay answers, and counts every sequence number it
 * accepted with a 2xx. Records are counted only when a 2xx is written, and a
 * request arriving while down is cut without being read, so "none twice" is
 * checked against what the server really accepted.
 */
export class FaultServer {
  readonly arrivals: Arrival[] = [];
  /** seq -> times accepted (2xx). */
  readonly accepted = new Map<number, number>();
  responder: Responder = () => ({ status: 200 });
  /** TCP connections opened to this server, and the most requests it held at once. */
  connections = 0;
  maxInFlight = 0;
  private inFlight = 0;
  port = 0;
  private server: http.Server | undefined;
  private readonly retired: http.Server[] = [];
  private isDown = false;

  /** `now` stamps arrivals (default performance.now(); a test clock's, so arrivals and the exporter's waits share one time line). */
  constructor(
    private readonly tls?: https.ServerOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    this.isDown = false;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    const server = this.tls ? https.createServer(this.tls, handler) : http.createServer(handler);
    server.keepAliveTimeout = 5000;
    server.on(this.tls ? 'secureConnection' : 'connection', () => (this.connections += 1));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Stops listening (new connections are refused); requests on kept-alive sockets are cut unread. */
  down(): void {
    this.isDown = true;
    if (this.server) {
      this.server.close();
      this.server.closeIdleConnections();
      this.retired.push(this.server);
      this.server = undefined;
    }
  }

  async up(): Promise<void> {
    await this.start(this.port);
  }

  async close(): Promise<void> {
    this.down();
    for (const s of this.retired) s.closeAllConnections();
    await Promise.all(this.retired.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))));
  }

  uniqueAccepted(): number {
    return this.accepted.size;
  }

  duplicates(): number {
    let d = 0;
    for (const n of this.accepted.values()) d += n - 1;
    return d;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (this.isDown) {
      req.socket.destroy();
      return;
    }
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.answer(req, res);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const wire = Buffer.concat(chunks);
    let body: Buffer;
    try {
      body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
    } catch {
      res.writeHead(400).end('bad gzip');
      return;
    }
    const seqs: number[] = [];
    for (const line of body.toString('utf8').split('\n')) {
      if (line === '') continue;
      seqs.push((JSON.parse(line) as { seq: number }).seq);
    }
    const arrival: Arrival = { at: this.now(), method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, wireBytes: wire.length, seqs };
    this.arrivals.push(arrival);
    const reply = await this.responder(arrival, this);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (this.isDown) {
      req.socket.destroy();
      return;
    }
    if (reply.status >= 200 && reply.status < 300) {
      const refused = new Set(reply.notAccepted ?? []);
      for (const seq of seqs) if (!refused.has(seq)) this.accepted.set(seq, (this.accepted.get(seq) ?? 0) + 1);
    }
    res.writeHead(reply.status, { 'content-type': 'text/plain', ...(reply.headers ?? {}) });
    res.end(reply.body ?? '');
  }
}

/** A port nothing listens on (taken and released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
