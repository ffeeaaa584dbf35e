import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ElasticLogRecordExporter } from '../src/exporter';

describe('Elasticsearch: server text passes through the shared secrets module', () => {
  let server: Server;
  let url: string;

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(401, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
        res.end(JSON.stringify({ error: { type: 'security_exception', reason: 'unable to authenticate with provided credentials: Bearer x9Yz7 (user elastic, password=hunter2x)' }, status: 401 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('an error text echoing a credential that is not a configured header is still masked', async () => {
    const exporter = new ElasticLogRecordExporter({ url, apiKey: 'configured-key-value', retry: { enabled: false } }, {});
    try {
      await exporter.ensureIndexTemplate();
      expect.fail('should reject');
    } catch (err) {
      const message = (err as Error).message;
      expect(message).to.include('HTTP 401');
      expect(message).to.not.include('x9Yz7');
      expect(message).to.not.include('hunter2x');
    } finally {
      await exporter.shutdown();
    }
  });
});
