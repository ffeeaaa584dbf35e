import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { testBackend } from './helpers/test-backend';
import { closedPort, exportInBatches, makeRecords, useFaultServer } from '@dynamo-logging/test-kit';

const fixture = path.join(__dirname, 'fixtures', 'disk-writer.ts');

async function segments(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((f) => f.startsWith('segment-')).sort();
}

/** Leaves `count` records on disk: an exporter that cannot reach its backend, shut down with a short deadline. */
async function leaveOnDisk(dir: string, count: number): Promise<void> {
  const port = await closedPort();
  const exporter = new DeliveryExporter(testBackend(), {
    endpoint: `http://127.0.0.1:${port}`,
    queue: { directory: dir },
    retry: { initialIntervalMillis: 20, maxIntervalMillis: 50 },
    flushTimeoutMillis: 100,
  });
  await exportInBatches(exporter, makeRecords(0, count), 50);
  await exporter.shutdown();
  expect(exporter.stats().dropped).to.deep.equal({});
}

describe('DeliveryExporter: on-disk queue', function () {
  this.timeout(60_000);
  const fx = useFaultServer({ tempDir: 'dyn-disk-queue-' });

  for (const mode of ['inline', 'worker'] as const) {
    it(`a process SIGKILLed mid-stream (delivery ${mode}): the next one on the same directory delivers every acknowledged record`, async () => {
      // The backend is slow, so the child's queue is well behind its writes when it dies.
      fx.server.responder = () => ({ status: 200, delayMs: 40 });
      const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture, fx.dir, fx.server.url, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
      const acked: Array<[number, number]> = [];
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await new Promise<void>((resolve, reject) => {
        let buffered = '';
        child.stdout.on('data', (d: Buffer) => {
          buffered += d.toString();
          const lines = buffered.split('\n');
          buffered = lines.pop()!;
          for (const line of lines) {
            const m = /^ack (\d+) (\d+)$/.exec(line);
            if (m) acked.push([Number(m[1]), Number(m[2])]);
            if (line === 'done') reject(new Error('child finished before it was killed'));
          }
          if (acked.length >= 60) {
            child.kill('SIGKILL');
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
      });
      expect(await exited).to.equal('SIGKILL');
      const deliveredByChild = fx.server.uniqueAccepted();
      const lastAcked = acked.at(-1)![1];
      expect(lastAcked).to.be.below(49_999);

      fx.server.responder = () => ({ status: 200 });
      const exporter = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir }, retry: { initialIntervalMillis: 20 } });
      await exporter.forceFlush();
      const stats = exporter.stats();
      await exporter.shutdown();

      let missing = 0;
      for (const [from, to] of acked) for (let seq = from; seq <= to; seq++) if (!fx.server.accepted.has(seq)) missing += 1;
      expect(missing).to.equal(0);
      expect(deliveredByChild).to.be.below(fx.server.uniqueAccepted());
      expect(stats.exported).to.be.at.least(lastAcked + 1 - deliveredByChild);
      expect(stats.queueDepth).to.equal(0);
      // Delivered segments are deleted; only the (empty) segment of the second process may remain.
      expect((await segments(fx.dir)).length).to.be.at.most(1);
    });
  }

  it('a torn final entry is skipped and counted as disk_corrupt; the rest is delivered', async () => {
    await leaveOnDisk(fx.dir, 100);
    const files = await segments(fx.dir);
    expect(files).to.have.length(1);
    const file = path.join(fx.dir, files[0]!);
    const { size } = await fs.stat(file);
    await fs.truncate(file, size - 5);

    const exporter = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir } });
    await exporter.forceFlush();
    await exporter.shutdown();
    expect(exporter.stats().dropped).to.deep.equal({ disk_corrupt: 1 });
    expect(exporter.stats().exported).to.equal(99);
    expect(fx.server.uniqueAccepted()).to.equal(99);
    expect(fx.server.accepted.has(99)).to.equal(false);
    expect(fx.capture.matching(/reason disk_corrupt: skipped 1 corrupt or torn entry/)).to.have.length(1);
  });

  it('a flipped byte in the middle costs exactly that entry', async () => {
    await leaveOnDisk(fx.dir, 100);
    const file = path.join(fx.dir, (await segments(fx.dir))[0]!);
    const buf = await fs.readFile(file);
    const at = Math.floor(buf.length / 2);
    buf[at] = buf[at]! ^ 0x5a;
    await fs.writeFile(file, buf);

    const exporter = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir } });
    await exporter.forceFlush();
    await exporter.shutdown();
    const stats = exporter.stats();
    expect(stats.dropped['disk_corrupt']).to.equal(1);
    expect(stats.exported).to.equal(99);
    expect(fx.server.uniqueAccepted()).to.equal(99);
  });

  it('bounds disk use by queue.maxBytes and counts the overflow as queue_full', async () => {
    const port = await closedPort();
    const exporter = new DeliveryExporter(testBackend(), {
      endpoint: `http://127.0.0.1:${port}`,
      queue: { directory: fx.dir, maxBytes: 64 * 1024 },
      retry: { initialIntervalMillis: 20, maxIntervalMillis: 50 },
      flushTimeoutMillis: 100,
    });
    await exportInBatches(exporter, makeRecords(0, 5_000, (seq) => `${seq} ${'p'.repeat(200)}`), 100);
    const stats = exporter.stats();
    await exporter.shutdown();
    expect(stats.queueBytes).to.be.at.most(64 * 1024);
    expect(stats.dropped['queue_full']).to.equal(5_000 - stats.queueDepth);
    let onDisk = 0;
    for (const f of await segments(fx.dir)) onDisk += (await fs.stat(path.join(fx.dir, f))).size;
    expect(onDisk).to.be.at.most(64 * 1024);
    expect(fx.capture.matching(/stay in .*the next process using it sends them/)).to.have.length(1);
  });

  it('a disk failure (the queue directory vanishes) is reported once, new records fall back to memory, every record is accounted for', async () => {
    fx.server.down();
    const exporter = new DeliveryExporter(testBackend(), {
      endpoint: fx.server.url,
      // 256 KiB bounds the disk at segments of 64 KiB: the records below need a second segment.
      queue: { directory: fx.dir, maxBytes: 256 * 1024, maxRecords: 10_000 },
      retry: { initialIntervalMillis: 20, maxIntervalMillis: 50 },
    });
    await exportInBatches(exporter, makeRecords(0, 100), 100);
    // Losing the directory makes the next segment file impossible to create (ENOENT on rotate).
    await fs.rm(fx.dir, { recursive: true, force: true });
    const ok = await exportInBatches(exporter, makeRecords(100, 2_000, (seq) => `${seq} ${'q'.repeat(100)}`), 100);
    // The memory queue has the same 256 KiB bound, so part of the overflow is dropped as queue_full.
    expect(ok).to.be.greaterThan(0);
    const errors = fx.capture.lines.filter((l) => l.level === 'error');
    expect(errors).to.have.length(1);
    expect(errors[0]!.text).to.match(/on-disk queue .* failed \(ENOENT\); new records go to the memory queue/);

    await fx.server.up();
    await exporter.forceFlush();
    const stats = exporter.stats();
    await exporter.shutdown();
    const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
    expect(stats.exported + dropped).to.equal(2_100);
    expect(Object.keys(stats.dropped).filter((r) => r !== 'disk_error' && r !== 'queue_full')).to.deep.equal([]);
    expect(stats.exported).to.equal(fx.server.uniqueAccepted());
    expect(fx.server.duplicates()).to.equal(0);
    // Records the memory fallback accepted were delivered: the first batch after the failure is among them.
    const firstFallback = fx.capture.lines.findIndex((l) => l.level === 'error');
    expect(firstFallback).to.be.at.least(0);
    expect(stats.exported).to.be.greaterThan(0);
    expect(stats.queueDepth).to.equal(0);
  });

  it('a queue directory that cannot be opened is reported once and the memory queue is used', async () => {
    const notADirectory = path.join(fx.dir, 'file');
    await fs.writeFile(notADirectory, 'x');
    const exporter = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: path.join(notADirectory, 'queue') } });
    const ok = await exportInBatches(exporter, makeRecords(0, 500), 100);
    await exporter.shutdown();
    expect(ok).to.equal(5);
    expect(exporter.stats().exported).to.equal(500);
    expect(fx.server.uniqueAccepted()).to.equal(500);
    const errors = fx.capture.lines.filter((l) => l.level === 'error');
    expect(errors).to.have.length(1);
    expect(errors[0]!.text).to.match(/on-disk queue .* failed \((ENOTDIR|EEXIST)\)/);
  });
});
