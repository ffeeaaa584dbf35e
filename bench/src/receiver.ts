import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { uncompressSync } from 'snappy';

// `#` never occurs in document ids (base64, hex) or label values, so a mark cannot be found by chance.
const MARK = /bm#(\d+)#/g;

/**
 * One loopback receiver for every backend the contenders ship to: Loki push
 * (protobuf + snappy, JSON), Splunk HEC, Elasticsearch `_bulk` and OTLP/HTTP.
 * It answers each as its server would on success, and counts every record by
 * the `bm#<seq>#` mark in its message, once per request, so lost and duplicated
 * records are known exactly. Strings travel verbatim in all four formats once
 * decompressed, so one scan serves them all.
 */
export class BenchReceiver {
  private readonly server: Server;
  private seen = new Uint8Array(0);
  unique = 0;
  duplicates = 0;
  bodyBytes = 0;
  requests = 0;
  rejected = 0;
  private onProgress: (() => void) | undefined;

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(expected: number, onProgress?: () => void): void {
    this.seen = new Uint8Array(expected);
    this.unique = this.duplicates = this.bodyBytes = this.requests = this.rejected = 0;
    this.onProgress = onProgress;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const wire = Buffer.concat(chunks);
    const path = req.url ?? '/';
    if (req.method === 'GET' || req.method === 'HEAD' || wire.length === 0) return this.answerProbe(path, res);
    this.requests++;
    this.bodyBytes += wire.length;
    let text: string;
    try {
      let raw: Buffer = req.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
      if (path.includes('/loki/') && !String(req.headers['content-type'] ?? '').startsWith('application/json')) raw = uncompressSync(raw, { asBuffer: true }) as Buffer;
      text = raw.toString('latin1');
    } catch (err) {
      this.rejected++;
      res.writeHead(400).end(String((err as Error).message));
      return;
    }
    this.count(text);
    this.answer(path, text, res);
    this.onProgress?.();
  }

  private count(text: string): void {
    const inRequest = new Set<number>();
    for (const m of text.matchAll(MARK)) inRequest.add(Number(m[1]));
    for (const seq of inRequest) {
      if (seq >= this.seen.length) continue;
      if (this.seen[seq]) this.duplicates++;
      else {
        this.seen[seq] = 1;
        this.unique++;
      }
    }
  }

  private answer(path: string, text: string, res: ServerResponse): void {
    if (path.includes('/loki/')) {
      res.writeHead(204).end();
    } else if (path.includes('/services/collector')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"Success","code":0}');
    } else if (path.includes('_bulk')) {
      // One item per action line, in order, as Elasticsearch answers a bulk that fully succeeded.
      const items: string[] = [];
      for (const line of text.split('\n')) {
        if (line.startsWith('{"create"')) items.push('{"create":{"status":201,"result":"created"}}');
        else if (line.startsWith('{"index"')) items.push('{"index":{"status":201,"result":"created"}}');
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' }).end(`{"took":1,"errors":false,"items":[${items.join(',')}]}`);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }
  }

  private answerProbe(path: string, res: ServerResponse): void {
    if (path.includes('/services/collector/health')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"HEC is healthy","code":17}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' }).end('{"version":{"number":"8.19.0"},"tagline":"You Know, for Search"}');
  }
}
