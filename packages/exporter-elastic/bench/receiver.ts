import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);

/**
 * A minimal fast `_bulk` endpoint for the benchmark: it decodes every request
 * (gzip or not), parses every document, counts records by their sequence number
 * (request_id `req-<n>`) to find losses and duplicates, and answers in
 * Elasticsearch's shape (honouring the product header and filter_path enough
 * for both clients).
 */
export class BenchReceiver {
  private server: http.Server;
  url = '';
  bytes = 0;
  requests = 0;
  documents = 0;
  seen = new Uint8Array(0);
  duplicates = 0;
  invalid = 0;

  constructor() {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
  }

  reset(expected: number): void {
    this.bytes = 0;
    this.requests = 0;
    this.documents = 0;
    this.duplicates = 0;
    this.invalid = 0;
    this.seen = new Uint8Array(expected);
  }

  lost(): number {
    let missing = 0;
    for (const v of this.seen) if (v === 0) missing++;
    return missing;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const headers = { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' };
    const path = req.url ?? '/';
    if (!path.includes('_bulk')) {
      res.writeHead(200, headers);
      res.end(path.includes('_refresh') ? '{"_shards":{"total":1,"successful":1,"failed":0}}' : '{"version":{"number":"8.19.0"},"tagline":"You Know, for Search"}');
      return;
    }
    this.requests++;
    this.bytes += raw.length;
    const text = (req.headers['content-encoding'] === 'gzip' ? await gunzipAsync(raw) : raw).toString('utf8');
    const lines = text.split('\n');
    let items = '';
    let count = 0;
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const action = JSON.parse(lines[i] as string) as Record<string, unknown>;
      const op = Object.keys(action)[0] as string;
      let doc: Record<string, unknown>;
      try {
        doc = JSON.parse(lines[i + 1] as string) as Record<string, unknown>;
      } catch {
        this.invalid++;
        continue;
      }
      const id = String(doc['dynamo.request_id'] ?? doc['request_id'] ?? (doc['attributes'] as Record<string, unknown> | undefined)?.['request_id'] ?? '');
      const seq = Number(id.slice(4));
      if (!Number.isInteger(seq) || seq < 0 || seq >= this.seen.length) this.invalid++;
      else if (this.seen[seq] === 1) this.duplicates++;
      else this.seen[seq] = 1;
      this.documents++;
      count++;
      items += (items === '' ? '' : ',') + '{"' + op + '":{"_index":"logs-bench","_id":"' + count + '","_version":1,"result":"created","status":201}}';
    }
    res.writeHead(200, headers);
    if (path.includes('filter_path')) res.end('{"errors":false}');
    else res.end('{"took":1,"errors":false,"items":[' + items + ']}');
  }
}
