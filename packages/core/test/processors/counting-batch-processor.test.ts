import { SeverityNumber } from '../../src/otel-line';
import { BatchLogRecordProcessor, InMemoryLogRecordExporter, LoggerProvider } from '@opentelemetry/sdk-logs';
import { expect } from 'chai';
import { LogContainer } from '@dynamo-logging/core';
import { CountingBatchLogRecordProcessor } from '../../src/processors/counting-batch-processor';
import { captureDiag } from '../fixtures/diag-capture';
import { HeldExporter } from '../fixtures/recording-exporter';
import { TEST_RESOURCE } from '../fixtures/start-container';

describe('CountingBatchLogRecordProcessor', () => {
  it("relies on the SDK's private _finishedLogRecords queue, which must still exist", () => {
    // If the pinned sdk-logs renames its queue, drop counting silently stops: this test fails first.
    const exporter = new InMemoryLogRecordExporter();
    const processor = new CountingBatchLogRecordProcessor({ exporter, scheduledDelayMillis: 60_000 });
    expect(processor).to.be.instanceOf(BatchLogRecordProcessor);
    const queue = (processor as unknown as { _finishedLogRecords?: unknown })._finishedLogRecords;
    expect(queue, 'BatchLogRecordProcessorBase._finishedLogRecords').to.be.an('array').with.length(0);
    const provider = new LoggerProvider({ processors: [processor] });
    provider.getLogger('x').emit({ body: 'queued' });
    expect((processor as unknown as { _finishedLogRecords: unknown[] })._finishedLogRecords).to.have.length(1);
    return provider.shutdown();
  });

  it('counts every record dropped because the queue is full, exactly, and reports the first', async () => {
    const exporter = new HeldExporter();
    const processor = new CountingBatchLogRecordProcessor({ exporter, maxQueueSize: 4, maxExportBatchSize: 2, scheduledDelayMillis: 60_000 });
    const provider = new LoggerProvider({ processors: [processor] });
    const logger = provider.getLogger('x');
    const { entries } = await captureDiag(async () => {
      // 1-2 fill a batch that goes to the stuck exporter; 3-6 fill the queue; 7-15 have nowhere to go.
      for (let i = 1; i <= 15; i++) logger.emit({ severityNumber: SeverityNumber.INFO, body: `r${i}` });
      await new Promise((r) => setImmediate(r));
    });
    expect(exporter.held.map((h) => h.records.map((r) => r.body))).to.deep.equal([['r1', 'r2']]);
    expect(processor.dropped()).to.equal(9);
    expect(entries.map((e) => e.message)).to.deep.equal(['dynamo-logging: batch queue full (4); 1 records dropped so far (reason batch_queue_full)']);
    exporter.release();
    await provider.shutdown();
    // Nothing vanished: exported + counted drops = emitted.
    expect(exporter.exported.map((r) => r.body)).to.deep.equal(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(exporter.exported.length + processor.dropped()).to.equal(15);
  });

  it('counts nothing while the queue has room', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const processor = new CountingBatchLogRecordProcessor({ exporter, maxQueueSize: 8, maxExportBatchSize: 8, scheduledDelayMillis: 60_000 });
    const provider = new LoggerProvider({ processors: [processor] });
    for (let i = 0; i < 8; i++) provider.getLogger('x').emit({ body: i });
    await provider.forceFlush();
    expect(processor.dropped()).to.equal(0);
    expect(exporter.getFinishedLogRecords()).to.have.length(8);
    await provider.shutdown();
  });

  it("surfaces through the container's stats as batchQueueDropped", async () => {
    const exporter = new HeldExporter();
    const container = LogContainer.start({
      resource: TEST_RESOURCE,
      env: {},
      exporter,
      batch: { maxQueueSize: 2, maxExportBatchSize: 1, scheduledDelayMillis: 60_000 },
      exitHooks: false,
      registerGlobal: false,
    });
    const log = container.createLogger('x');
    await captureDiag(() => {
      for (let i = 0; i < 10; i++) log.info(`m${i}`);
    });
    // m0 is with the stuck exporter, m1-m2 queued, m3-m9 dropped.
    expect(container.stats().batchQueueDropped).to.equal(7);
    exporter.release();
    await container.shutdown();
    expect(exporter.exported.map((r) => r.body)).to.deep.equal(['m0', 'm1', 'm2']);
  });

  it('OTEL_BLRP_MAX_QUEUE_SIZE from env sets the capacity it counts against', async () => {
    const exporter = new HeldExporter();
    const container = LogContainer.start({
      resource: TEST_RESOURCE,
      env: { OTEL_BLRP_MAX_QUEUE_SIZE: '3', OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '1', OTEL_BLRP_SCHEDULE_DELAY: '60000' },
      exporter,
      exitHooks: false,
      registerGlobal: false,
    });
    await captureDiag(() => {
      for (let i = 0; i < 10; i++) container.createLogger('x').info(`m${i}`);
    });
    expect(container.stats().batchQueueDropped).to.equal(6);
    exporter.release();
    await container.shutdown();
  });
});
