import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryRequestError } from '@dynamo-logging/core';
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
    const err = await templateRejection({ url, apiKey: 'configured-key-value', retry: { enabled: false } }, {});
    // Coded, also across the delivery worker: callers branch on the code and status, not the text.
    expect(err).to.include({ code: 'DYN_LOGGING_REQUEST_REFUSED', statusCode: 401 });
    expect(err.message).to.include('HTTP 401');
    expect(err.message).to.not.include('x9Yz7');
    expect(err.message).to.not.include('hunter2x');
  });

  it('a request that gets no answer rejects with DYN_LOGGING_REQUEST_FAILED, the cause keeping its code and no credential', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await templateRejection({ url: `http://elastic:pw-s3cret@127.0.0.1:${port}`, delivery: 'inline', retry: { enabled: false }, env: {} });
    expect(err).to.include({ code: 'DYN_LOGGING_REQUEST_FAILED' });
    const cause = err.cause as Error & { code?: string };
    expect(cause).to.be.instanceOf(Error);
    expect(cause.code).to.be.a('string');
    expect(JSON.stringify([err.message, cause.message, cause.stack])).to.not.include('pw-s3cret');
  });

  it('ensureIndexTemplate with mapping=otel rejects with DYN_LOGGING_REQUEST_UNSUPPORTED', async () => {
    const err = await templateRejection({ url, mapping: 'otel', env: {} });
    expect(err).to.include({ code: 'DYN_LOGGING_REQUEST_UNSUPPORTED' });
  });
});

/** What `ensureIndexTemplate()` rejects with, on an exporter built from these arguments; always a DeliveryRequestError. */
async function templateRejection(...args: ConstructorParameters<typeof ElasticLogRecordExporter>): Promise<DeliveryRequestError> {
  const exporter = new ElasticLogRecordExporter(...args);
  try {
    await exporter.ensureIndexTemplate();
  } catch (err) {
    expect(err).to.be.instanceOf(DeliveryRequestError);
    return err as DeliveryRequestError;
  } finally {
    await exporter.shutdown();
  }
  return expect.fail('ensureIndexTemplate() should reject');
}
