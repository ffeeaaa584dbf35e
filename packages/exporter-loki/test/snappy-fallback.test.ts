import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { LokiReceiver } from './helpers/loki-receiver';

const FIXTURE = join(__dirname, 'fixtures', 'export-without-snappy.ts');
const BLOCK = join(__dirname, 'fixtures', 'block-snappy.cjs');
const STREAM = '{component="router", level="info", namespace="dynamo", service_name="frontend"}';

describe('LokiLogRecordExporter where snappy cannot load', function () {
  this.timeout(30_000);
  let receiver: LokiReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('falls back to JSON with gzip, says so once, and delivers every line', async () => {
    receiver = await LokiReceiver.start();
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--require', BLOCK, '--conditions=source', '--import', 'tsx', FIXTURE, receiver!.url], { timeout: 25_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    const { warnings, stats } = JSON.parse(out.trim().split('\n').pop()!) as { warnings: string[]; stats: { exported: number; dropped: Record<string, number> } };
    expect(warnings.filter((w) => /snappy cannot load here .*napi-rs\/snappy.*sending JSON with gzip instead of protobuf/.test(w))).to.have.length(1);
    expect(stats.exported).to.equal(20);
    expect(stats.dropped).to.deep.equal({});
    expect(receiver.requests.length).to.be.greaterThan(0);
    for (const request of receiver.requests) {
      expect(request.headers['content-type']).to.equal('application/json');
      expect(request.headers['content-encoding']).to.equal('gzip');
    }
    expect(receiver.entries(STREAM).map((e) => JSON.parse(e.line).message)).to.deep.equal(Array.from({ length: 20 }, (_, i) => `m${i}`));
  });
});
