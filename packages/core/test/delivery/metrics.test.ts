import { expect } from 'chai';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint, type MetricData } from '@opentelemetry/sdk-metrics';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { testBackend } from './helpers/test-backend';
import { exportBatch, makeRecords, useFaultServer } from '@dynamo-logging/test-kit';

describe('DeliveryExporter: self-metrics', function () {
  this.timeout(20_000);
  const fx = useFaultServer();

  it('publishes dynamo_logging_* through a MeterProvider, matching stats()', async () => {
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
    const meterProvider = new MeterProvider({ readers: [reader] });
    let first = true;
    fx.server.responder = (a) => {
      if (a.seqs.includes(0) && first) {
        first = false;
        return { status: 503 };
      }
      return a.seqs.includes(100) ? { status: 400, body: 'bad' } : { status: 200 };
    };
    const exporter = new DeliveryExporter(testBackend(), {
      endpoint: fx.server.url,
      meterProvider,
      maxBatchRecords: 100,
      maxConcurrentRequests: 1,
      retry: { initialIntervalMillis: 10 },
    });
    await exportBatch(exporter, makeRecords(0, 300));
    await exporter.forceFlush();
    await reader.forceFlush();

    const metrics = new Map<string, MetricData>();
    for (const rm of metricExporter.getMetrics()) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) metrics.set(m.descriptor.name, m);
    const points = (name: string) => (metrics.get(name)?.dataPoints ?? []) as DataPoint<unknown>[];
    const sum = (name: string, attrs: Record<string, unknown> = {}) =>
      points(name)
        .filter((p) => Object.entries(attrs).every(([k, v]) => p.attributes[k] === v))
        .reduce((s, p) => s + (p.value as number), 0);

    const stats = exporter.stats();
    expect(stats.exported).to.equal(200);
    expect(stats.dropped).to.deep.equal({ rejected: 100 });
    expect(stats.retried).to.equal(100);
    expect(sum('dynamo_logging_records_exported', { backend: 'test' })).to.equal(200);
    expect(sum('dynamo_logging_records_dropped', { backend: 'test', reason: 'rejected' })).to.equal(100);
    expect(sum('dynamo_logging_records_retried', { backend: 'test' })).to.equal(100);
    expect(sum('dynamo_logging_requests', { status_class: '2xx' })).to.equal(2);
    expect(sum('dynamo_logging_requests', { status_class: '4xx' })).to.equal(1);
    expect(sum('dynamo_logging_requests', { status_class: '5xx' })).to.equal(1);
    expect(sum('dynamo_logging_bytes_sent', { compressed: true })).to.equal(stats.bytesSent);
    expect(sum('dynamo_logging_bytes_sent', { compressed: false })).to.equal(stats.bytesUncompressed);
    expect(points('dynamo_logging_queue_depth').map((p) => [p.value, p.attributes['backend']])).to.deep.equal([[0, 'test']]);
    const histogram = points('dynamo_logging_export_duration')[0]!.value as { count: number };
    expect(histogram.count).to.equal(4);
    expect(metrics.get('dynamo_logging_export_duration')!.descriptor.unit).to.equal('ms');
    for (const name of metrics.keys()) for (const p of points(name)) expect(p.attributes['backend']).to.equal('test');

    await exporter.shutdown();
    await meterProvider.shutdown();
  });
});
