import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { DiskQueue } from '../../src/delivery/disk-queue';
import { acquireSlot, tryAcquire } from '../../src/delivery/queue-lock';
import { recordingHooks } from './helpers/disk-hooks';
import { testBackend } from './helpers/test-backend';
import { exportBatch, makeRecords, useFaultServer } from '@dynamo-logging/test-kit';

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

async function leaveBacklog(directory: string, from: number, count: number): Promise<void> {
  const queue = await DiskQueue.open(directory, 100_000, 1 << 24, recordingHooks());
  await queue.push(makeRecords(from, count));
  await queue.close();
}

describe('on-disk queue: one process per slot', function () {
  this.timeout(30_000);
  const fx = useFaultServer({ tempDir: 'dyn-queue-lock-' });

  it('a second exporter on the same directory takes its own slot: every record is sent exactly once, both stay durable', async () => {
    fx.server.down();
    const a = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir } });
    const b = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir } });
    expect((await exportBatch(a, makeRecords(0, 50))).code).to.equal(0);
    expect((await exportBatch(b, makeRecords(50, 50))).code).to.equal(0);
    expect(await fs.readdir(fx.dir)).to.include.members(['queue.lock', 'slot-1.lock', 'slot-1']);
    await fx.server.up();
    await Promise.all([a.forceFlush(), b.forceFlush()]);
    await Promise.all([a.shutdown(), b.shutdown()]);
    expect(fx.server.uniqueAccepted()).to.equal(100);
    expect(fx.server.duplicates()).to.equal(0);
    expect(a.stats().diskFallbacks + b.stats().diskFallbacks).to.equal(0);
    expect(fx.capture.lines.filter((l) => l.level === 'error')).to.deep.equal([]);
    // Released at shutdown.
    expect((await fs.readdir(fx.dir)).filter((n) => n.endsWith('.lock'))).to.deep.equal([]);
  });

  it("a dead process's backlog is claimed exactly once, even by two exporters starting together", async () => {
    const dead = JSON.stringify({ pid: deadPid(), host: hostname() });
    await leaveBacklog(fx.dir, 0, 40);
    await fs.writeFile(path.join(fx.dir, 'queue.lock'), dead);
    await leaveBacklog(path.join(fx.dir, 'slot-1'), 40, 40);
    await fs.writeFile(path.join(fx.dir, 'slot-1.lock'), dead);

    const a = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir } });
    const b = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir } });
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all([a.forceFlush(), b.forceFlush()]);
    await Promise.all([a.shutdown(), b.shutdown()]);
    expect(fx.server.uniqueAccepted()).to.equal(80);
    expect(fx.server.duplicates()).to.equal(0);
  });

  it('across processes: a live process keeps its slot; once it is killed its backlog is claimed and sent exactly once', async () => {
    fx.server.down();
    const fixture = path.join(__dirname, 'fixtures', 'lock-holder.ts');
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture, fx.dir, fx.server.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('child never got ready')), 15_000);
        child.stdout!.on('data', (d: Buffer) => {
          if (d.toString().includes('ready')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      // The child holds slot 0: this process takes slot 1 and leaves the child's records alone.
      const second = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir } });
      expect((await exportBatch(second, makeRecords(0, 10))).code).to.equal(0);
      expect(await fs.readdir(fx.dir)).to.include.members(['queue.lock', 'slot-1.lock']);
      // The child's next retry is up to an hour away: whatever arrives now is the second exporter's.
      await fx.server.up();
      await second.forceFlush();
      await second.shutdown();
      expect([...fx.server.accepted.keys()].sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    // Its owner is dead: the next exporter claims slot 0 and sends the backlog, once.
    const third = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir } });
    await new Promise((r) => setTimeout(r, 50));
    await third.forceFlush();
    await third.shutdown();
    expect(fx.server.uniqueAccepted()).to.equal(110);
    expect(fx.server.duplicates()).to.equal(0);
  });

  it('a backlog whose owner (on another host) goes stale after this process started is claimed later, and sent once', async () => {
    const exporter = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir } });
    expect((await exportBatch(exporter, makeRecords(0, 5))).code).to.equal(0);
    // A predecessor pod on the same volume: its lock was refreshed recently when this process started.
    await leaveBacklog(path.join(fx.dir, 'slot-1'), 100, 30);
    const lock = path.join(fx.dir, 'slot-1.lock');
    await fs.writeFile(lock, JSON.stringify({ pid: 1, host: 'old-pod' }));
    const slots = (exporter as unknown as { slots: { claimDead(): Promise<unknown[]> } }).slots;
    expect(await slots.claimDead()).to.have.length(0);
    // A minute and more without a refresh: that pod is gone.
    const old = new Date(Date.now() - 5 * 60_000);
    await fs.utimes(lock, old, old);
    expect(await slots.claimDead()).to.have.length(1);
    expect(await slots.claimDead()).to.have.length(0);
    await exporter.forceFlush();
    await exporter.shutdown();
    expect(fx.server.uniqueAccepted()).to.equal(35);
    expect(fx.server.duplicates()).to.equal(0);
  });

  it('a live owner keeps its slot; an owner on another host keeps it while its lock is fresh', async () => {
    await fs.writeFile(path.join(fx.dir, 'queue.lock'), JSON.stringify({ pid: process.pid, host: hostname() }));
    await fs.writeFile(path.join(fx.dir, 'slot-1.lock'), JSON.stringify({ pid: 1, host: 'another-pod' }));
    const slot = await acquireSlot(fx.dir);
    expect(slot.index).to.equal(2);
    await slot.release();
    // Not refreshed for a long time: that owner is gone.
    const old = new Date(Date.now() - 10 * 60_000);
    await fs.utimes(path.join(fx.dir, 'slot-1.lock'), old, old);
    const taken = await tryAcquire(fx.dir, 1);
    expect(taken?.index).to.equal(1);
    expect(JSON.parse(await fs.readFile(path.join(fx.dir, 'slot-1.lock'), 'utf8'))).to.deep.equal({ pid: process.pid, host: hostname() });
    await taken!.release();
  });
});
