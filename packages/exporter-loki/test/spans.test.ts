import { expect } from 'chai';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { LokiLogRecordExporter } from '../src/exporter';
import { LokiReceiver } from './helpers/loki-receiver';

const COMPONENTS = ['frontend', 'router', 'worker'];
const PER_COMPONENT = 10_000;
const HIGH_CARDINALITY = ['trace_id', 'span_id', 'request_id', 'x_request_id', 'instance_id'];

describe('3 components x 10,000 records inside spans', function () {
  this.timeout(60_000);
  let receiver: LokiReceiver;
  let registered = false;
  before(async () => {
    receiver = await LokiReceiver.start();
    // Another suite may already have a global context manager; only undo our own.
    registered = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  after(async () => {
    if (registered) context.disable();
    await receiver.close();
  });

  it('arrive complete, with trace_id/span_id in structured metadata and no high-cardinality label', async () => {
    const tracerProvider = new TracerProvider();
    const expected = new Map<string, { traceId: string; spanId: string }>();
    const pipelines = COMPONENTS.map((component) => {
      const exporter = new LokiLogRecordExporter({ endpoint: receiver.url, env: {}, labels: { cluster: 'test' } });
      const provider = new LoggerProvider({
        resource: resourceFromAttributes({ 'service.name': 'dynamo', namespace: 'ns1', component, instance_id: `${component}-0` }),
        processors: [new BatchLogRecordProcessor({ exporter, maxExportBatchSize: 512, scheduledDelayMillis: 10, maxQueueSize: 20_000 })],
      });
      return { component, exporter, provider, logger: provider.getLogger('dynamo.http') };
    });
    const tracer = tracerProvider.getTracer('test');

    // Interleave the components, each request in its own span, awaiting between requests so async context must carry the span.
    for (let i = 0; i < PER_COMPONENT; i += 100) {
      await Promise.all(pipelines.map(({ component, logger }) => tracer.startActiveSpan(`request ${component} ${i}`, async (span) => {
        for (let j = i; j < i + 100; j++) {
          if (j % 50 === 0) await new Promise((r) => setImmediate(r));
          const message = `${component}:${j}`;
          expected.set(message, { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId });
          logger.emit({ body: message, severityNumber: 9, severityText: 'INFO', attributes: { request_id: `req-${j}`, x_request_id: `x-${component}-${j}` } });
        }
        span.end();
      })));
    }
    await Promise.all(pipelines.map(({ provider }) => provider.forceFlush()));

    const received = new Map<string, Record<string, string>>();
    for (const stream of receiver.streams()) {
      expect(stream).to.match(/^\{cluster="test", component="(frontend|router|worker)", level="info", namespace="ns1", service_name="dynamo"\}$/);
      for (const name of HIGH_CARDINALITY) expect(stream).not.to.include(`${name}=`);
      for (const entry of receiver.entries(stream)) {
        const line = JSON.parse(entry.line) as Record<string, string>;
        expect(received.has(line.message!), `duplicate ${line.message}`).to.equal(false);
        received.set(line.message!, entry.metadata);
        expect(line.trace_id).to.equal(entry.metadata.trace_id);
      }
    }
    expect(received.size).to.equal(COMPONENTS.length * PER_COMPONENT);
    for (const [message, ids] of expected) {
      const metadata = received.get(message)!;
      expect(metadata.trace_id, message).to.equal(ids.traceId);
      expect(metadata.span_id, message).to.equal(ids.spanId);
      expect(metadata.x_request_id).to.match(/^x-/);
    }
    for (const { exporter, provider } of pipelines) {
      expect(exporter.stats().dropped).to.deep.equal({});
      expect(exporter.stats().exported).to.equal(PER_COMPONENT);
      await provider.shutdown();
    }
    await tracerProvider.shutdown();
  });
});
