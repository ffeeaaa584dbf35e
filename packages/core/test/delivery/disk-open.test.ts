import { expect } from 'chai';
import { execFile, execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { makeDirectory } from '../../src/delivery/make-directory';
import { testBackend } from './helpers/test-backend';
import { exportBatch, makeRecords, useFaultServer } from '@dynamo-logging/test-kit';

const procFixture = path.join(__dirname, 'fixtures', 'proc-queue.ts');

describe('DeliveryExporter: an on-disk queue that cannot open is bounded', function () {
  this.timeout(30_000);
  const fx = useFaultServer({ tempDir: 'dyn-disk-open-' });

  it('makeDirectory under /proc fails (ENOENT) instead of looping for ever', async function () {
    if (process.platform !== 'linux') this.skip();
    // In a child: the looping mkdir would otherwise hold this process's libuv thread for good.
    const script = `import('${path.join(__dirname, '../../src/delivery/make-directory.ts').replace(/\\/g, '/')}').then((m) => (m.makeDirectory ?? m.default.makeDirectory)('/proc/dyn-q-' + process.pid + '/a')).then(() => console.log('made'), (e) => console.log(e.code))`;
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--conditions=source', '--import', 'tsx', '-e', script], { timeout: 10_000 }, (err, stdout) =>
        err ? reject(new Error(`child did not finish: ${err.message}`)) : resolve(stdout.trim()),
      );
    });
    expect(out).to.equal('ENOENT');
  });

  it('makeDirectory creates nested directories and accepts an existing one', async () => {
    const nested = path.join(fx.dir, 'a', 'b', 'c');
    await makeDirectory(nested);
    await makeDirectory(nested);
    expect((await fs.stat(nested)).isDirectory()).to.equal(true);
    await fs.writeFile(path.join(fx.dir, 'file'), 'x');
    let code: string | undefined;
    await makeDirectory(path.join(fx.dir, 'file')).catch((e: NodeJS.ErrnoException) => (code = e.code));
    expect(code).to.equal('EEXIST');
  });

  it('a queue directory under /proc: records go to memory, are delivered, and the process exits', async function () {
    if (process.platform !== 'linux') this.skip();
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--conditions=source', '--import', 'tsx', procFixture, fx.server.url], { timeout: 15_000 }, (err, stdout) =>
        err ? reject(new Error(`child did not exit: ${err.message} ${stdout}`)) : resolve(stdout.trim()),
      );
    });
    expect(JSON.parse(out)).to.deep.equal({ code: 0, exported: 10, diskFallbacks: 1 });
  });

  it('an open that hangs (ack.json is a FIFO nobody writes) falls back to memory at openTimeoutMillis, with one report', async function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(fx.dir, 'ack.json');
    execFileSync('mkfifo', [fifo]);
    const exporter = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir, openTimeoutMillis: 200 } });
    try {
      const started = Date.now();
      const result = await exportBatch(exporter, makeRecords(0, 5));
      expect(result.code).to.equal(0);
      expect(Date.now() - started).to.be.lessThan(5000);
      await exporter.forceFlush();
      const stats = exporter.stats();
      expect(stats.exported).to.equal(5);
      expect(stats.diskFallbacks).to.equal(1);
      const errors = fx.capture.lines.filter((l) => l.level === 'error');
      expect(errors, fx.capture.text()).to.have.length(1);
      expect(errors[0]!.text).to.match(/ETIMEDOUT.*memory queue/);
    } finally {
      await exporter.shutdown();
      // Release the read still blocked on the FIFO, so no libuv thread stays held.
      const writer = await fs.open(fifo, 'w');
      await writer.close();
    }
  });
});
