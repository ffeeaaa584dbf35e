import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint } from '@opentelemetry/sdk-metrics';
import { expect } from 'chai';
import { formatDynamoLine } from '@dynamo-logging/core/delivery';
import { captureDiag } from './fixtures/diag-capture';
import { startTestContainer } from './fixtures/start-container';

/** Issue 12, "records that vanish uncounted": each loss is kept, or counted with a reason. */
describe('records and attributes that used to vanish uncounted', () => {
  it("the SDK's attribute count limit (128 by default) cuts are counted, per attribute", async () => {
    const t = startTestContainer();
    try {
      const many: Record<string, number> = {};
      for (let i = 0; i < 200; i++) many[`k${String(i).padStart(3, '0')}`] = i;
      await captureDiag(() => t.container.createLogger('svc').info('wide', many));
      const [record] = await t.records();
      expect(Object.keys(record!.attributes)).to.have.length(128);
      expect(t.container.stats().attributesDropped).to.deep.include({ attribute_count_limit: 72 });
    } finally {
      await t.container.shutdown();
    }
  });

  it('nested maps over 256 keys are counted as nested_limit', async () => {
    const t = startTestContainer();
    try {
      const before = t.container.stats().attributesDropped['nested_limit'] ?? 0;
      const nested: Record<string, number> = {};
      for (let i = 0; i < 300; i++) nested[`n${i}`] = i;
      await captureDiag(() => t.container.createLogger('svc').info('deep', { nested }));
      await t.records();
      expect((t.container.stats().attributesDropped['nested_limit'] ?? 0) - before).to.equal(44);
    } finally {
      await t.container.shutdown();
    }
  });

  it('a record logged after shutdown() is counted (after_shutdown) in stats() and dynamo_logging_records_dropped', async () => {
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
    const meterProvider = new MeterProvider({ readers: [reader] });
    metrics.setGlobalMeterProvider(meterProvider);
    const t = startTestContainer();
    try {
      const log = t.container.createLogger('svc');
      log.info('before');
      await t.container.shutdown();
      const { entries } = await captureDiag(() => {
        log.info('after 1');
        log.warn('after 2');
      });
      expect(t.container.stats().dropped).to.deep.equal({ after_shutdown: 2 });
      expect(entries.map((e) => e.message)).to.deep.equal(['dynamo-logging: a record was logged after shutdown(); 1 records dropped so far (reason after_shutdown)']);
      await reader.forceFlush();
      const points = metricExporter
        .getMetrics()
        .flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics))
        .filter((m) => m.descriptor.name === 'dynamo_logging_records_dropped')
        .flatMap((m) => m.dataPoints as DataPoint<number>[]);
      expect(points.map((p) => [p.attributes, p.value])).to.deep.equal([[{ backend: 'pipeline', reason: 'after_shutdown' }, 2]]);
    } finally {
      metrics.disable();
      await meterProvider.shutdown();
    }
  });

  it("log.info('failed', err): an Error in the attributes position becomes exception.* attributes", async () => {
    const t = startTestContainer();
    try {
      const err = new TypeError('socket hang up');
      t.container.createLogger('svc').info('failed', err as never);
      t.container.createLogger('svc').child({ request_id: 'r1' }).warn('failed again', err as never);
      const [a, b] = await t.records();
      expect(a!.attributes).to.include({ 'exception.type': 'TypeError', 'exception.message': 'socket hang up' });
      expect(String(a!.attributes['exception.stacktrace'])).to.include('socket hang up');
      expect(b!.attributes).to.include({ request_id: 'r1', 'exception.type': 'TypeError' });
    } finally {
      await t.container.shutdown();
    }
  });

  it('time, level, message, target, a non-numeric line and the empty key are kept under attr.*, and counted', async () => {
    const t = startTestContainer();
    try {
      const before = t.container.stats().attributesRenamed;
      const odd = { time: 'yesterday', level: 'loud', message: 'inner', target: 'tgt', line: 'abc', '': 'empty', ok: 1 };
      t.container.createLogger('svc').info('outer', odd);
      t.container.createLogger('svc').info('numeric line kept', { line: 42 });
      // A bridge writes through the SDK directly: the same rule applies (the SDK itself drops an empty key before any processor).
      t.container.loggerProvider.getLogger('bridge').emit({ body: 'bridged', attributes: { time: 't', 'log.level': 'x' } });
      const [a, b, c] = await t.records();
      expect(a!.attributes).to.deep.equal({
        'attr.time': 'yesterday', 'attr.level': 'loud', 'attr.message': 'inner', 'attr.target': 'tgt', 'attr.line': 'abc', 'attr.empty_key': 'empty', ok: 1,
      });
      const line = JSON.parse(formatDynamoLine(a!)) as Record<string, unknown>;
      expect(line).to.include({ message: 'outer', target: 'svc', 'attr.time': 'yesterday', 'attr.message': 'inner', 'attr.empty_key': 'empty', 'attr.line': 'abc' });
      expect(JSON.parse(formatDynamoLine(b!))).to.include({ line: 42 });
      expect(c!.attributes).to.deep.equal({ 'attr.time': 't', 'attr.level': 'x' });
      expect(t.container.stats().attributesRenamed - before).to.equal(8);
    } finally {
      await t.container.shutdown();
    }
  });
});
