import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { ExportResultCode } from '@opentelemetry/core';
import { expect } from 'chai';
import { SplunkHecLogRecordExporter } from '../src/exporter';
import { records } from './helpers/records';

describe('HEC behind a proxy that refuses large bodies (413)', function () {
  this.timeout(20_000);
  let server: Server;
  const stored: string[] = [];
  let refused = 0;

  before(async () => {
    // Answers 413 to bodies over 2 KiB on the wire, as a proxy's size limit does; stores the events of the rest.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const wire = Buffer.concat(chunks);
        if (wire.length > 2048) {
          refused++;
          res.writeHead(413).end('Request Entity Too Large');
          return;
        }
        const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire).toString('utf8');
        // Each event names its record (`line-<n>`) in its message.
        for (const m of text.matchAll(/line-(\d+)/g)) stored.push(m[1]!);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"Success","code":0}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  for (const delivery of ['worker', 'inline'] as const) {
    it(`splits and resends instead of dropping the batch (delivery ${delivery})`, async () => {
      stored.length = 0;
      refused = 0;
      const exporter = new SplunkHecLogRecordExporter(
        { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: '11111111-2222-3333-4444-555555555555', compression: 'none', healthCheck: false, delivery },
        {},
      );
      const batch = records(60, 'line-');
      const result = await new Promise<{ code: number }>((resolve) => exporter.export(batch, resolve));
      expect(result.code).to.equal(ExportResultCode.SUCCESS);
      await exporter.forceFlush();
      const stats = exporter.stats();
      await exporter.shutdown();
      expect(refused).to.be.greaterThan(0);
      expect(stats.dropped).to.deep.equal({});
      expect(stats.exported).to.equal(60);
      expect(new Set(stored).size).to.equal(60);
    });
  }
});
