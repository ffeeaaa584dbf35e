import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { testBackend } from './helpers/test-backend';
import { exportInBatches, makeRecords, useFaultServer } from '@dynamo-logging/test-kit';

/**
 * A real full disk: the queue directory is a 96 KiB tmpfs, far below the
 * queue's own byte bound, so the filesystem runs out first (ENOSPC). Mounting
 * needs root; where it is not allowed the test says so and is skipped.
 */
describe('DeliveryExporter: on-disk queue on a full disk', function () {
  this.timeout(60_000);
  let mountPoint: string;
  let mounted = false;
  const fx = useFaultServer();

  before(async function () {
    mountPoint = await fs.mkdtemp(path.join(tmpdir(), 'dyn-disk-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', mountPoint], { stdio: 'ignore' });
      mounted = true;
    } catch {
      await fs.rm(mountPoint, { recursive: true, force: true });
      process.stderr.write('\nskipping the full-disk test: mounting a small tmpfs is not permitted here\n');
      this.skip();
    }
  });

  after(async () => {
    if (mounted) execFileSync('umount', [mountPoint], { stdio: 'ignore' });
    if (mountPoint) await fs.rm(mountPoint, { recursive: true, force: true });
  });

  it('ENOSPC is reported once, new records fall back to the memory bound, and every record is accounted for', async () => {
    fx.server.down();
    const exporter = new DeliveryExporter(testBackend(), {
      endpoint: fx.server.url,
      queue: { directory: mountPoint, maxBytes: 4 * 1024 * 1024, maxRecords: 20_000 },
      retry: { initialIntervalMillis: 20, maxIntervalMillis: 50 },
    });
    const total = 3_000;
    const accepted = await exportInBatches(exporter, makeRecords(0, total, (seq) => `${seq} ${'d'.repeat(100)}`), 100);
    expect(accepted).to.be.greaterThan(0);
    const errors = fx.capture.lines.filter((l) => l.level === 'error');
    expect(errors, JSON.stringify(errors)).to.have.length(1);
    expect(errors[0]!.text).to.match(/ENOSPC/);
    expect(errors[0]!.text).to.match(/new records go to the memory queue/);

    await fx.server.up();
    await exporter.forceFlush();
    const stats = exporter.stats();
    await exporter.shutdown();
    const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
    expect(stats.exported + dropped).to.equal(total);
    expect(Object.keys(stats.dropped).filter((r) => r !== 'disk_error' && r !== 'queue_full')).to.deep.equal([]);
    expect(stats.exported).to.equal(fx.server.uniqueAccepted());
    expect(fx.server.duplicates()).to.equal(0);
    expect(stats.queueDepth).to.equal(0);
  });
});
