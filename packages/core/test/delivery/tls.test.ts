import { expect } from 'chai';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { makeCerts, type TestCerts } from './helpers/certs';
import { testBackend } from './helpers/test-backend';
import { exportBatch, FaultServer, makeRecords, useDiagCapture } from '@dynamo-logging/test-kit';

const giveUpFast = { initialIntervalMillis: 20, maxIntervalMillis: 50, maxElapsedTimeMillis: 300 };

describe('DeliveryExporter: TLS', function () {
  this.timeout(30_000);
  let certs: TestCerts;
  const capture = useDiagCapture();
  const servers: FaultServer[] = [];

  before(async () => {
    certs = await makeCerts();
  });
  after(async () => {
    await certs.cleanup();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function tlsServer(mutual: boolean): Promise<FaultServer> {
    const server = new FaultServer({
      key: certs.serverKey,
      cert: certs.serverCert,
      ...(mutual ? { ca: certs.ca, requestCert: true, rejectUnauthorized: true } : {}),
    });
    await server.start();
    servers.push(server);
    return server;
  }

  async function deliver(server: FaultServer, tls: ConstructorParameters<typeof DeliveryExporter>[1]['tls']) {
    const exporter = new DeliveryExporter(testBackend(), { endpoint: server.url, tls, retry: giveUpFast, maxBatchRecords: 10 });
    await exportBatch(exporter, makeRecords(0, 20));
    await exporter.shutdown();
    return exporter.stats();
  }

  it('refuses a server signed by an unknown CA (verification is on by default)', async () => {
    const server = await tlsServer(false);
    const stats = await deliver(server, undefined);
    expect(server.arrivals).to.have.length(0);
    expect(stats.exported).to.equal(0);
    expect(stats.dropped).to.deep.equal({ retries_exhausted: 20 });
    expect(stats.requests['network']).to.be.greaterThan(0);
    expect(capture().matching(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify|self.signed/i).length).to.be.greaterThan(0);
  });

  it('accepts it with the CA configured', async () => {
    const server = await tlsServer(false);
    const stats = await deliver(server, { ca: certs.ca });
    expect(stats.exported).to.equal(20);
    expect(stats.dropped).to.deep.equal({});
    expect(server.uniqueAccepted()).to.equal(20);
  });

  it('honours servername for certificate checks', async () => {
    const server = await tlsServer(false);
    const wrong = await deliver(server, { ca: certs.ca, servername: 'not-this-host.example' });
    expect(wrong.exported).to.equal(0);
    const right = await deliver(server, { ca: certs.ca, servername: 'localhost' });
    expect(right.exported).to.equal(20);
  });

  it('mTLS: a server requiring a client certificate refuses without one and accepts with cert and key', async () => {
    const server = await tlsServer(true);
    const without = await deliver(server, { ca: certs.ca });
    expect(without.exported).to.equal(0);
    expect(server.arrivals).to.have.length(0);
    const withCert = await deliver(server, { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey });
    expect(withCert.exported).to.equal(20);
    expect(server.uniqueAccepted()).to.equal(20);
  });

  it('insecureSkipVerify must be explicit and logs one warning', async () => {
    const server = await tlsServer(false);
    const stats = await deliver(server, { insecureSkipVerify: true });
    expect(stats.exported).to.equal(20);
    expect(capture().matching(/insecureSkipVerify is set/)).to.have.length(1);
  });
});
