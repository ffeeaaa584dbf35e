import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { LokiLogRecordExporter } from '../src/exporter';
import { exportAll } from '@dynamo-logging/test-kit';
import { hrAgo, makeRecords } from './helpers/records';

const RESOURCE = { 'service.name': 'frontend', namespace: 'dynamo', component: 'router' };

describe('Loki behind a proxy that refuses large bodies (413)', function () {
  this.timeout(20_000);
  let server: Server;
  const stored: string[] = [];
  let refused = 0;

  before(async () => {
    // Stores the lines of JSON pushes up to 2 KiB, answers 413 to larger ones, as nginx's client_max_body_size does.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (body.length > 2048) {
          refused++;
          res.writeHead(413).end('413 Request Entity Too Large');
          return;
        }
        const push = JSON.parse(body.toString('utf8')) as { streams: Array<{ values: Array<[string, string]> }> };
        for (const stream of push.streams) for (const [, line] of stream.values) stored.push(line);
        res.writeHead(204).end();
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
      const exporter = new LokiLogRecordExporter({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        env: {},
        format: 'json',
        compression: 'none',
        delivery,
      });
      const records = makeRecords(RESOURCE, Array.from({ length: 60 }, (_, i) => ({ message: `line ${i}`, time: hrAgo(60_000 - i) })));
      await exportAll(exporter, records);
      await exporter.forceFlush();
      const stats = exporter.stats();
      await exporter.shutdown();
      expect(refused).to.be.greaterThan(0);
      expect(stats.dropped).to.deep.equal({});
      expect(stats.exported).to.equal(60);
      expect(new Set(stored.map((l) => (JSON.parse(l) as { message: string }).message)).size).to.equal(60);
    });
  }
});
