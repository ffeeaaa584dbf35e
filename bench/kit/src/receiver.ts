import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { uncompressSync } from 'snappy';

// `#` never occurs in document ids (base64, hex) or label values, so a mark cannot be found by chance.
const MARK = /bm#(\d+)#/g;

export interface ReceiverOptions {
  /** How a record's sequence number is found in the decoded body (a global regex, the number in group 1); default `bm#<seq>#`. */
  readonly mark?: RegExp;
  /** Parse every Elasticsearch `_bulk` document and count those that are not valid JSON (`invalid`). */
  readonly checkDocuments?: boolean;
}

/**
 * One loopback receiver for every backend the contenders ship to: Loki push
 * (protobuf + snappy, JSON), Splunk HEC, Elasticsearch `_bulk` and OTLP/HTTP.
 * It answers each as its server would on success, and counts every record by
 * the `bm#<seq>#` mark in its message (or the mark a bench chooses), once per
 * request, so lost and duplicated records are known exactly. Strings travel
 * verbatim in all four formats once decompressed, so one scan serves them all.
 */
export class BenchReceiver {
  private readonly server: Server;
  private seen = new Uint8Array(0);
  unique = 0;
  duplicates = 0;
  bodyBytes = 0;
  requests = 0;
  rejected = 0;
  /** `_bulk` documents that are not valid JSON (with `checkDocuments`). */
  invalid = 0;
  private onProgress: (() => void) | undefined;
  private readonly mark: RegExp;
  private readonly checkDocuments: boolean;

  constructor(options: ReceiverOptions = {}) {
    this.mark = options.mark ?? MARK;
    this.checkDocuments = options.checkDocuments ?? false;
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(expected: number, onProgress?: () => void): void {
    this.seen = new Uint8Array(expected);
    this.unique = this.duplicates = this.bodyBytes = this.requests = this.rejected = this.invalid = 0;
    this.onProgress = onProgress;
  }

  /** Records of the last `reset(expected)` not received. */
  lost(): number {
    return this.seen.length - this.unique;
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
    for (const m of text.matchAll(this.mark)) inRequest.add(Number(m[1]));
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
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        const op = line.startsWith('{"create"') ? 'create' : line.startsWith('{"index"') ? 'index' : undefined;
        if (op === undefined) continue;
        items.push(`{"${op}":{"status":201,"result":"created"}}`);
        if (this.checkDocuments) this.invalid += isJson(lines[++i] ?? '') ? 0 : 1;
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

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
