import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { ExportResultCode } from '@opentelemetry/core';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint } from '@opentelemetry/sdk-metrics';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { DeliveryExporter } from '../../../src/delivery/delivery-exporter';
import { startDelivery } from '../../../src/delivery/worker/start-delivery';
import { WorkerExporter } from '../../../src/delivery/worker/worker-exporter';
import { testBackend } from '../helpers/test-backend';
import type { WorkerTestOptions } from '../fixtures/worker-test-exporter';
import { exportBatch, FaultServer, makeRecord, makeRecords, sleep, useFaultServer, waitFor } from '@dynamo-logging/test-kit';

const FIXTURE = join(__dirname, '..', 'fixtures', 'worker-test-exporter.ts');

function workerExporter(options: WorkerTestOptions, extra: { meterProvider?: MeterProvider } = {}): WorkerExporter {
  return new WorkerExporter({
    name: 'test',
    module: FIXTURE,
    factory: 'createTestExporter',
    options,
    inline: () => new DeliveryExporter(testBackend(), options),
    flushTimeoutMillis: options.flushTimeoutMillis ?? 5000,
    ...extra,
  });
}

describe('WorkerExporter: delivery on a worker thread', function () {
  this.timeout(30_000);
  const fx = useFaultServer();
  const make = (options: WorkerTestOptions, extra?: { meterProvider?: MeterProvider }) => fx.track(workerExporter(options, extra));

  it('delivers every record once from the worker, and its counters come back to stats()', async () => {
    const exporter = make({ endpoint: fx.server.url, maxBatchRecords: 100 });
    for (let i = 0; i < 5; i++) expect((await exportBatch(exporter, makeRecords(i * 200, 200))).code).to.equal(ExportResultCode.SUCCESS);
    await exporter.forceFlush();
    expect(fx.server.accepted.size).to.equal(1000);
    expect([...fx.server.accepted.values()].every((n) => n === 1)).to.equal(true);
    const stats = exporter.stats();
    expect(stats.exported).to.equal(1000);
    expect(stats.queueDepth).to.equal(0);
    expect(stats.requests['2xx']).to.equal(10);
    expect(exporter.inlineFallback).to.equal(false);
  });

  it("forwards the worker's diagnostics and replays its metrics on the application's MeterProvider", async () => {
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
    const meterProvider = new MeterProvider({ readers: [reader] });
    fx.server.responder = (a) => (a.seqs.includes(0) ? { status: 400, body: 'bad' } : { status: 200 });
    const exporter = make({ endpoint: fx.server.url, maxBatchRecords: 50, hello: 'hello from the worker' }, { meterProvider });
    await exportBatch(exporter, makeRecords(0, 100));
    await exporter.forceFlush();
    await reader.forceFlush();
    const points = (name: string) =>
      metricExporter
        .getMetrics()
        .flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics))
        .filter((m) => m.descriptor.name === name)
        .flatMap((m) => m.dataPoints as DataPoint<number>[]);
    const sum = (name: string, attrs: Record<string, unknown>) =>
      points(name)
        .filter((p) => Object.entries(attrs).every(([k, v]) => p.attributes[k] === v))
        .reduce((s, p) => s + p.value, 0);
    expect(sum('dynamo_logging_records_exported', { backend: 'test' })).to.equal(50);
    expect(sum('dynamo_logging_records_dropped', { backend: 'test', reason: 'rejected' })).to.equal(50);
    expect(points('dynamo_logging_queue_depth').map((p) => p.value)).to.deep.equal([0]);
    expect(exporter.stats().dropped).to.deep.equal({ rejected: 50 });
    expect(fx.capture.matching(/hello from the worker/)).to.have.length(1);
    expect(fx.capture.matching(/dropped 50 log record\(s\), reason rejected/)).to.have.length(1);
    await meterProvider.shutdown();
  });

  it('calls a method of the exporter inside the worker', async () => {
    const exporter = make({ endpoint: fx.server.url });
    expect(await exporter.call<number>('ping', 41)).to.equal(42);
    let message = '';
    await exporter.call('nope').catch((err: Error) => (message = err.message));
    expect(message).to.match(/no method nope/);
  });

  it('when the worker dies, says so, and delivers what it had not acknowledged from the main thread', async () => {
    fx.server.responder = () => ({ status: 200, delayMs: 300 });
    const exporter = make({ endpoint: fx.server.url, maxBatchRecords: 100 });
    await exportBatch(exporter, makeRecords(0, 100));
    // A batch in the handoff, not yet acknowledged, when the thread ends.
    const pending = exportBatch(exporter, makeRecords(100, 100));
    await exporter.worker!.terminate();
    expect((await pending).code).to.equal(ExportResultCode.SUCCESS);
    await waitFor(() => exporter.inlineFallback, 5000, 'the fallback');
    expect((await exportBatch(exporter, makeRecords(200, 100))).code).to.equal(ExportResultCode.SUCCESS);
    await exporter.forceFlush();
    for (let seq = 100; seq < 300; seq++) expect(fx.server.accepted.get(seq), `seq ${seq}`).to.equal(1);
    expect(fx.capture.matching(/delivery worker exited .*delivering from the main thread/)).to.have.length(1);
    // Records the dead worker still held in memory are counted, never silently gone.
    const stats = exporter.stats();
    const held = stats.dropped['worker_failed'] ?? 0;
    expect(stats.exported + held).to.be.at.least(300);
    expect(fx.server.accepted.size).to.equal(stats.exported);
  });

  it('falls back to the main thread when the worker cannot build the exporter', async () => {
    const exporter = make({ endpoint: fx.server.url, failBuild: true });
    expect((await exportBatch(exporter, makeRecords(0, 10))).code).to.equal(ExportResultCode.SUCCESS);
    await waitFor(() => exporter.inlineFallback, 5000, 'the fallback');
    await exporter.forceFlush();
    expect(fx.server.accepted.size).to.equal(10);
    expect(fx.capture.matching(/could not build the exporter: cannot build the test exporter/)).to.have.length(1);
  });

  it('drops and counts only the records that cannot be handed over', async () => {
    const exporter = make({ endpoint: fx.server.url });
    const bad = { ...makeRecord(1), attributes: { seq: 1, fn: (() => 1) as unknown as string } } as ReadableLogRecord;
    expect((await exportBatch(exporter, [makeRecord(0), bad, makeRecord(2)])).code).to.equal(ExportResultCode.SUCCESS);
    await exporter.forceFlush();
    expect([...fx.server.accepted.keys()].sort()).to.deep.equal([0, 2]);
    expect(exporter.stats().dropped).to.deep.equal({ unserializable: 1 });
  });

  it('does not keep an idle process alive', async () => {
    const script = `
      const { startDelivery } = require(${JSON.stringify(join(__dirname, '../../../src/delivery/worker/start-delivery.ts'))});
      startDelivery({ name: 'test', mode: 'worker', module: ${JSON.stringify(FIXTURE)}, factory: 'createTestExporter',
        options: { endpoint: ${JSON.stringify(fx.server.url)} }, inline: () => { throw new Error('unused'); } });
      setTimeout(() => process.stdout.write('idle'), 200);`;
    const started = Date.now();
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--conditions=source', '--import', 'tsx', '-e', script], { timeout: 15_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    expect(out).to.equal('idle');
    expect(Date.now() - started).to.be.below(15_000);
  });

  it('shutdown() stops the thread and later records are counted as dropped', async () => {
    const exporter = make({ endpoint: fx.server.url });
    await exportBatch(exporter, makeRecords(0, 10));
    await exporter.shutdown();
    expect(fx.server.accepted.size).to.equal(10);
    expect((await exportBatch(exporter, makeRecords(10, 5))).code).to.equal(ExportResultCode.FAILED);
    expect(exporter.stats().dropped['shutdown']).to.equal(5);
    await sleep(50);
    expect(exporter.worker!.threadId).to.equal(-1);
  });

  it('startDelivery builds the exporter on this thread for inline delivery', () => {
    const exporter = startDelivery({ name: 'test', mode: 'inline', module: FIXTURE, factory: 'createTestExporter', options: {}, inline: () => new DeliveryExporter(testBackend(), { endpoint: fx.server.url }) });
    expect(exporter).to.be.instanceOf(DeliveryExporter);
    return exporter.shutdown();
  });
});

describe('WorkerExporter: process.exit()', function () {
  this.timeout(30_000);

  it('holds process.exit() until the worker has delivered what was queued', async () => {
    const server = new FaultServer();
    await server.start();
    try {
      const child = join(__dirname, '..', 'fixtures', 'worker-exit-child.ts');
      const code = await new Promise<number | null>((resolve) => {
        const proc = execFile(process.execPath, ['--conditions=source', '--import', 'tsx', child, server.url, '500'], { timeout: 20_000 });
        proc.on('exit', (c) => resolve(c));
      });
      expect(code).to.equal(0);
      expect(server.accepted.size).to.equal(500);
      expect([...server.accepted.values()].every((n) => n === 1)).to.equal(true);
    } finally {
      await server.close();
    }
  });
});
