import { expect } from 'chai';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { testBackend } from './helpers/test-backend';
import { closedPort, exportBatch, exportInBatches, makeRecords, useFaultServer } from '@dynamo-logging/test-kit';

const TOKEN = 'tok-9f8e7d6c5b4a-SECRET';
const USER = 'shipper';
const PASSWORD = 'p4ss-W0rd-SECRET';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const SECRETS = [TOKEN, PASSWORD, BASIC, `${USER}:${PASSWORD}`];

function expectNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) expect(text, `${where} leaks ${secret}`).to.not.include(secret);
}

describe('DeliveryExporter: secrets never leave the process', function () {
  this.timeout(30_000);
  const fx = useFaultServer();

  it('sends URL userinfo as basic auth, and prints the endpoint without it', async () => {
    const endpoint = `http://${USER}:${PASSWORD}@127.0.0.1:${fx.server.port}/push`;
    fx.server.responder = (a) => (a.seqs.includes(3) ? { status: 403, body: `credentials ${USER}:${PASSWORD} (${BASIC}) not allowed` } : { status: 200 });
    const exporter = new DeliveryExporter(testBackend(), { endpoint, maxBatchRecords: 5, maxConcurrentRequests: 1 });
    await exportBatch(exporter, makeRecords(0, 10));
    await exporter.shutdown();

    expect(fx.server.arrivals[0]!.headers.authorization).to.equal(`Basic ${BASIC}`);
    expect(exporter.stats().dropped).to.deep.equal({ rejected: 5 });
    const lines = fx.capture.matching(/reason rejected/);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include(`DeliveryExporter(test http://127.0.0.1:${fx.server.port}/push)`);
    expectNoSecret(fx.capture.text(), 'diag');
    expectNoSecret(JSON.stringify(exporter.stats()), 'stats');
  });

  it('masks header tokens in every diagnostic: rejections echoing them, network failures, shutdown drops', async () => {
    fx.server.responder = () => ({ status: 401, body: `{"text":"Invalid token","token":"${TOKEN}","header":"Authorization: Splunk ${TOKEN}"}` });
    const headers = { authorization: `Splunk ${TOKEN}`, 'x-api-key': TOKEN };
    const rejected = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, headers, maxBatchRecords: 5 });
    await exportBatch(rejected, makeRecords(0, 10));
    await rejected.shutdown();
    expect(fx.server.arrivals[0]!.headers.authorization).to.equal(`Splunk ${TOKEN}`);
    expect(rejected.stats().dropped).to.deep.equal({ rejected: 10 });

    const port = await closedPort();
    const unreachable = new DeliveryExporter(testBackend(), {
      endpoint: `https://${USER}:${PASSWORD}@127.0.0.1:${port}/`,
      headers,
      tls: { insecureSkipVerify: true },
      retry: { initialIntervalMillis: 10, maxElapsedTimeMillis: 100 },
      flushTimeoutMillis: 50,
    });
    await exportInBatches(unreachable, makeRecords(0, 10));
    await unreachable.shutdown();
    await exportBatch(unreachable, makeRecords(10, 1));

    expect(fx.capture.lines.length).to.be.greaterThan(3);
    expectNoSecret(fx.capture.text(), 'diag');
    expectNoSecret(JSON.stringify(rejected.stats()) + JSON.stringify(unreachable.stats()), 'stats');
  });

  it('configuration errors do not echo the endpoint credentials', () => {
    const errors: string[] = [];
    for (const endpoint of [`http://${USER}:${PASSWORD}@[::1`, `ftp://${USER}:${PASSWORD}@host/`]) {
      try {
        new DeliveryExporter(testBackend(), { endpoint });
      } catch (err) {
        errors.push(`${(err as Error).name} ${(err as Error).message} ${(err as Error).stack}`);
      }
    }
    expect(errors).to.have.length(2);
    expect(errors[0]).to.include('ConfigurationError');
    for (const e of errors) expectNoSecret(e, 'error');
  });
});
