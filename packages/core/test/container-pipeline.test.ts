import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { LogContainer } from '../src/container';
import { formatDynamoLine } from '../src/jsonl/format-line';
import { useContextManager } from './helpers/pipeline';
import { RecordingExporter } from './fixtures/recording-exporter';

/** The container wires redaction (by default), sampling, span buffering and span lines as documented. */
describe('LogContainer pipeline wiring', () => {
  let undoContext: () => void;
  before(() => (undoContext = useContextManager()));
  after(() => undoContext());

  function start(extra: Parameters<typeof LogContainer.start>[0] = {}) {
    const exporter = new RecordingExporter();
    const container = LogContainer.start({
      exporter,
      exitHooks: false,
      registerGlobal: false,
      env: {},
      level: 'trace',
      resource: { 'service.name': 'svc', namespace: 'dynamo', component: 'frontend' },
      batch: { scheduledDelayMillis: 10 },
      ...extra,
    });
    return { exporter, container };
  }

  it('redacts by default and not when redaction is false', async () => {
    const secret = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    for (const redaction of [undefined, false] as const) {
      const { exporter, container } = start(redaction === false ? { redaction: false } : {});
      container.createLogger('t').info(`auth ${secret}`, { password: 'hunter2hunter2', model: 'm' });
      await container.shutdown();
      const line = formatDynamoLine(exporter.records[0]!);
      if (redaction === false) {
        expect(line).to.contain('hunter2hunter2').and.to.contain(secret);
      } else {
        expect(line).to.not.contain('hunter2hunter2');
        expect(line).to.not.contain('eyJzdWIiOiIxMjM0NTY3ODkwIn0');
        expect(line).to.contain('"model":"m"');
        expect(container.stats().redaction).to.not.equal(undefined);
      }
    }
  });

  it('samples debug by ratio while keeping warn and above, and counts both', async () => {
    const { exporter, container } = start({ sampling: { debug: 0 } });
    const log = container.createLogger('t');
    for (let i = 0; i < 100; i++) log.debug('d');
    for (let i = 0; i < 10; i++) log.warn('w');
    await container.exportLogs();
    expect(exporter.records.map((r) => r.severityText)).to.deep.equal(Array(10).fill('WARN'));
    expect(container.stats().sampling?.dropped.debug).to.equal(100);
    expect(container.stats().sampling?.kept.warn).to.equal(10);
    await container.shutdown();
  });

  it('buffers debug lines of a span and releases them only when the span fails, through spanProcessor()', async () => {
    const { exporter, container } = start({ spanBuffering: true, sampling: { debug: 0 } });
    const tracer = new TracerProvider({ spanProcessors: [container.spanProcessor()] }).getTracer('test');
    const log = container.createLogger('t');
    for (const fail of [false, true]) {
      const span = tracer.startSpan(fail ? 'failing' : 'fine');
      context.with(trace.setSpan(context.active(), span), () => {
        log.debug(fail ? 'debug of failing span' : 'debug of fine span');
        log.info(fail ? 'info of failing span' : 'info of fine span');
      });
      if (fail) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    await container.exportLogs();
    const bodies = exporter.bodies();
    expect(bodies).to.include('debug of failing span');
    expect(bodies).to.not.include('debug of fine span');
    expect(bodies).to.include.members(['info of fine span', 'info of failing span']);
    expect(container.stats().spanBuffering?.released).to.equal(1);
    await container.shutdown();
  });

  it('exportLogs() called while another flush runs still delivers the records logged in between', async () => {
    const delivered: unknown[] = [];
    const slow = {
      export(records: Array<{ body?: unknown }>, done: (r: { code: number }) => void) {
        setTimeout(() => {
          delivered.push(...records.map((r) => r.body));
          done({ code: 0 });
        }, 50);
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const container = LogContainer.start({
      exporter: slow as never,
      exitHooks: false,
      registerGlobal: false,
      env: {},
      resource: { 'service.name': 'svc', namespace: 'dynamo', component: 'frontend' },
      batch: { scheduledDelayMillis: 60_000 },
    });
    const log = container.createLogger('t');
    log.info('first');
    const firstFlush = container.exportLogs();
    log.info('second');
    await container.exportLogs();
    expect(delivered).to.deep.equal(['first', 'second']);
    await firstFlush;
    await container.shutdown();
  });

  it('writes SPAN_FIRST_ENTRY and SPAN_CLOSED lines when spanEvents is on, none when off', async () => {
    for (const spanEvents of [true, false]) {
      const { exporter, container } = start({ spanEvents });
      const tracer = new TracerProvider({ spanProcessors: [container.spanProcessor()] }).getTracer('dynamo.pipeline');
      tracer.startSpan('handle_payload').end();
      await container.exportLogs();
      const messages = exporter.bodies();
      if (spanEvents) expect(messages).to.deep.equal(['SPAN_FIRST_ENTRY', 'SPAN_CLOSED']);
      else expect(messages).to.deep.equal([]);
      await container.shutdown();
    }
  });
});
