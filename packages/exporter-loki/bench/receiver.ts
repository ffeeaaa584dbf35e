import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as protobuf from 'protobufjs';
import { uncompressSync } from 'snappy';

/**
 * A minimal fast Loki push receiver for the benchmark: it decodes every body
 * (snappy+protobuf per push.proto, or JSON, gzip or not), pulls each line's
 * sequence number and counts unique and duplicate records, so a run proves
 * none was lost or sent twice. Answers 204 like Loki.
 */
const ROOT = protobuf.Root.fromJSON({
  nested: {
    Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
    PushRequest: { fields: { streams: { rule: 'repeated', type: 'StreamAdapter', id: 1 } } },
    StreamAdapter: { fields: { labels: { type: 'string', id: 1 }, entries: { rule: 'repeated', type: 'EntryAdapter', id: 2 } } },
    LabelPairAdapter: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    EntryAdapter: { fields: { timestamp: { type: 'Timestamp', id: 1 }, line: { type: 'string', id: 2 }, structuredMetadata: { rule: 'repeated', type: 'LabelPairAdapter', id: 3 } } },
  },
});
const PushRequest = ROOT.lookupType('PushRequest');
const SEQ = /bench-(\d+)\b/;

export class BenchReceiver {
  private server: Server;
  private seen = new Uint8Array(0);
  unique = 0;
  duplicates = 0;
  unparsed = 0;
  bodyBytes = 0;
  requests = 0;
  private onProgress: (() => void) | undefined;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        this.bodyBytes += body.length;
        this.requests++;
        try {
          this.count(req.headers['content-type'] ?? '', req.headers['content-encoding'], body);
          res.writeHead(204).end();
        } catch (error) {
          res.writeHead(400).end(String((error as Error).message) + '\n');
        }
        this.onProgress?.();
      });
    });
    this.server.keepAliveTimeout = 10_000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(expected: number, onProgress: () => void): void {
    this.seen = new Uint8Array(expected);
    this.unique = this.duplicates = this.unparsed = this.bodyBytes = this.requests = 0;
    this.onProgress = onProgress;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private mark(line: string): void {
    const m = SEQ.exec(line);
    const seq = m ? Number(m[1]) : -1;
    if (seq < 0 || seq >= this.seen.length) {
      this.unparsed++;
      return;
    }
    if (this.seen[seq]) this.duplicates++;
    else {
      this.seen[seq] = 1;
      this.unique++;
    }
  }

  private count(contentType: string, encoding: string | undefined, body: Buffer): void {
    const raw = encoding === 'gzip' ? gunzipSync(body) : body;
    if (contentType.startsWith('application/json')) {
      const parsed = JSON.parse(raw.toString('utf8')) as { streams: Array<{ values: Array<[string, string]> }> };
      for (const stream of parsed.streams) for (const value of stream.values) this.mark(value[1]);
      return;
    }
    const message = PushRequest.decode(uncompressSync(raw, { asBuffer: true }) as Buffer) as unknown as {
      streams: Array<{ entries: Array<{ line: string }> }>;
    };
    for (const stream of message.streams) for (const entry of stream.entries) this.mark(entry.line);
  }
}
