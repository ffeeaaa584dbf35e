import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { testBackend } from './helpers/test-backend';
import { exportBatch, makeRecord, makeRecords, sleep, useFaultServer } from '@dynamo-logging/test-kit';

async function segmentText(dir: string): Promise<string> {
  const names = (await fs.readdir(dir)).filter((n) => n.startsWith('segment-'));
  return (await Promise.all(names.map((n) => fs.readFile(path.join(dir, n), 'latin1')))).join('');
}

describe('DeliveryExporter: one bad record or one transient disk error does not end the disk queue', function () {
  this.timeout(20_000);
  const fx = useFaultServer({ tempDir: 'dyn-disk-transient-' });

  it('an unserializable record (a throwing toJSON) is dropped and counted alone; the others stay durable on disk', async () => {
    fx.server.down();
    const exporter = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir } });
    const bad = makeRecord(1, 'record 1', { bad: { toJSON: () => { throw new Error('no JSON for you'); } } as never });
    const result = await exportBatch(exporter, [makeRecord(0), bad, makeRecord(2)]);
    expect(result.code).to.equal(0);
    expect(await exportBatch(exporter, [makeRecord(3)])).to.deep.include({ code: 0 });
    const text = await segmentText(fx.dir);
    for (const body of ['record 0', 'record 2', 'record 3']) expect(text).to.include(body);
    expect(text).to.not.include('record 1');
    expect(exporter.stats()).to.deep.include({ diskFallbacks: 0 });
    expect(exporter.stats().dropped).to.deep.equal({ unserializable: 1 });
    expect(fx.capture.matching(/reason unserializable: cannot serialize .*no JSON for you/)).to.have.length(1);
    await fx.server.up();
    await exporter.forceFlush();
    await exporter.shutdown();
    expect([...fx.server.accepted.keys()].sort()).to.deep.equal([0, 2, 3]);
  });

  it('a transient ENOSPC sends that batch to memory, reported once, and the disk is used again after diskRetryMillis', async () => {
    fx.server.down();
    const exporter = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir, diskRetryMillis: 100 } });
    // Opened, so the file handle class can be patched for exactly one failing write.
    expect((await exportBatch(exporter, makeRecords(0, 2))).code).to.equal(0);
    const probe = await fs.open(path.join(fx.dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { write: (...a: unknown[]) => Promise<unknown> };
    await probe.close();
    const realWrite = proto.write;
    let failures = 1;
    proto.write = function (this: unknown, ...args: unknown[]) {
      if (failures-- > 0) return Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
      return realWrite.apply(this, args);
    };
    try {
      expect((await exportBatch(exporter, makeRecords(2, 2))).code).to.equal(0); // to memory
      expect((await exportBatch(exporter, makeRecords(4, 2))).code).to.equal(0); // still memory: within the retry wait
      await sleep(150);
      expect((await exportBatch(exporter, makeRecords(6, 2))).code).to.equal(0); // the disk again
    } finally {
      proto.write = realWrite;
    }
    const text = await segmentText(fx.dir);
    for (const body of ['record 0', 'record 1', 'record 6', 'record 7']) expect(text).to.include(body);
    for (const body of ['record 2', 'record 4']) expect(text).to.not.include(body);
    const errors = fx.capture.lines.filter((l) => l.level === 'error');
    expect(errors, fx.capture.text()).to.have.length(1);
    expect(errors[0]!.text).to.match(/ENOSPC.*tried again every 100 ms/);
    expect(fx.capture.matching(/is writable again/)).to.have.length(1);
    expect(exporter.stats().diskFallbacks).to.equal(1);

    await fx.server.up();
    await exporter.forceFlush();
    await exporter.shutdown();
    expect([...fx.server.accepted.keys()].sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(exporter.stats().dropped).to.deep.equal({});
  });

  it('a write that never returns (a hung mount) sends its records to memory at writeTimeoutMillis, reported once', async () => {
    const exporter = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, queue: { directory: fx.dir, writeTimeoutMillis: 200, diskRetryMillis: 60_000 } });
    expect((await exportBatch(exporter, makeRecords(0, 2))).code).to.equal(0);
    const probe = await fs.open(path.join(fx.dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { datasync: (...a: unknown[]) => Promise<void> };
    await probe.close();
    const realSync = proto.datasync;
    let release: () => void = () => undefined;
    const hung = new Promise<void>((resolve) => (release = resolve));
    let hangs = 1;
    proto.datasync = function (this: unknown, ...args: unknown[]) {
      if (hangs-- > 0) return hung.then(() => realSync.apply(this, args));
      return realSync.apply(this, args);
    };
    try {
      const started = Date.now();
      expect((await exportBatch(exporter, makeRecords(2, 3))).code).to.equal(0);
      expect(Date.now() - started).to.be.lessThan(5_000);
      await exporter.forceFlush();
      expect([...fx.server.accepted.keys()].sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4]);
      expect(exporter.stats().diskFallbacks).to.equal(1);
      const errors = fx.capture.lines.filter((l) => l.level === 'error');
      expect(errors, fx.capture.text()).to.have.length(1);
      expect(errors[0]!.text).to.match(/ETIMEDOUT/);
    } finally {
      release();
      proto.datasync = realSync;
    }
    await exporter.shutdown();
    expect(fx.server.uniqueAccepted()).to.equal(5);
  });
});
