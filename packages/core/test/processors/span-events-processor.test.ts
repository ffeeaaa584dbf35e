import { expect } from 'chai';
import { context, SpanStatusCode } from '@opentelemetry/api';
import { SeverityNumber } from '../../src/otel-line';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { extractRequestContext } from '../../src/context/request-context';
import { RedactionProcessor } from '../../src/processors/redaction-processor';
import { ExceptionEventsProcessor, SpanEventsProcessor, spanEventsEnabled } from '../../src/processors/span-events-processor';
import { buildPipeline, useContextManager } from '../helpers/pipeline';

/** The fields Dynamo's Rust formatter writes on span lines (lib/runtime/src/logging.rs). */
const CLOSED_TIMING = ['time.busy_us', 'time.idle_us', 'time.duration_us'];

describe('SpanEventsProcessor', () => {
  let restoreContext: () => void;
  before(() => {
    restoreContext = useContextManager();
  });
  after(() => restoreContext());

  it('reads DYN_LOGGING_SPAN_EVENTS with Dynamo truthy values', () => {
    for (const v of ['1', 'true', 'TRUE', 'on', 'yes', ' Yes ']) expect(spanEventsEnabled({ DYN_LOGGING_SPAN_EVENTS: v }), v).to.equal(true);
    for (const v of ['0', 'false', 'off', 'no', '', 'maybe']) expect(spanEventsEnabled({ DYN_LOGGING_SPAN_EVENTS: v }), v).to.equal(false);
    expect(spanEventsEnabled({})).to.equal(false);
  });

  it('writes SPAN_FIRST_ENTRY and SPAN_CLOSED lines with Dynamo field names', async () => {
    const p = buildPipeline();
    const events = new SpanEventsProcessor({ loggerProvider: p.provider, env: { DYN_LOGGING_SPAN_EVENTS: 'true' } });
    const tracer = new TracerProvider({ spanProcessors: [events] }).getTracer('dynamo_runtime::pipeline');
    const log = p.provider.getLogger('dynamo.worker');
    const incoming = extractRequestContext({
      traceparent: '00-80196f3e3a6fdf06d23bb9ada3788518-f7e487a9d2a6bf38-01',
      'x-request-id': 'xr-1',
      'request-id': '8372eac7-5f43-4d76-beca-0a94cfb311d0',
    });
    await context.with(incoming, async () => {
      await tracer.startActiveSpan('handle_payload', { attributes: { component: 'backend', endpoint: 'generate' } }, async (span) => {
        log.emit({ severityNumber: SeverityNumber.INFO, body: 'working' });
        await new Promise((r) => setTimeout(r, 3));
        span.end();
      });
    });
    const lines = await p.lines();
    expect(lines.map((l) => l['message'])).to.deep.equal(['SPAN_FIRST_ENTRY', 'working', 'SPAN_CLOSED']);
    const [first, inner, closed] = lines as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    for (const line of [first, closed]) {
      expect(line).to.include({
        level: 'INFO',
        target: 'dynamo_runtime::pipeline',
        span_name: 'handle_payload',
        trace_id: '80196f3e3a6fdf06d23bb9ada3788518',
        parent_id: 'f7e487a9d2a6bf38',
        x_request_id: 'xr-1',
        request_id: '8372eac7-5f43-4d76-beca-0a94cfb311d0',
        component: 'backend',
        endpoint: 'generate',
        span_id: inner['span_id'],
      });
    }
    expect(first).to.not.have.any.keys(...CLOSED_TIMING);
    for (const key of CLOSED_TIMING) expect(Number.isInteger(closed[key]), key).to.equal(true);
    expect(closed['time.duration_us']).to.equal((closed['time.busy_us'] as number) + (closed['time.idle_us'] as number));
    expect(closed['time.duration_us']).to.be.at.least(2000);
    // The closing line is stamped with the span's end, the first with its start.
    expect(String(closed['time']) >= String(inner['time'])).to.equal(true);
    expect(String(first['time']) <= String(inner['time'])).to.equal(true);
  });

  it('marks a failed span on its closing line and writes nothing when disabled', async () => {
    const p = buildPipeline();
    const on = new SpanEventsProcessor({ loggerProvider: p.provider, enabled: true });
    const off = new SpanEventsProcessor({ loggerProvider: p.provider, env: {} });
    const tracer = new TracerProvider({ spanProcessors: [on] }).getTracer('t');
    const quiet = new TracerProvider({ spanProcessors: [off] }).getTracer('quiet');
    tracer.startActiveSpan('failing', (span) => {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    quiet.startActiveSpan('silent', (span) => span.end());
    const lines = await p.lines();
    expect(lines.map((l) => [l['message'], l['span_name']])).to.deep.equal([
      ['SPAN_FIRST_ENTRY', 'failing'],
      ['SPAN_CLOSED', 'failing'],
    ]);
    expect(lines[1]).to.include({ 'otel.status_code': 'ERROR' });
    expect(lines[0]).to.not.have.property('parent_id');
  });
});

describe('ExceptionEventsProcessor', () => {
  let restoreContext: () => void;
  before(() => {
    restoreContext = useContextManager();
  });
  after(() => restoreContext());

  it('records error logs as exception events on the active span, after redaction', () => {
    const spans = new InMemorySpanExporter();
    const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] }).getTracer('t');
    const provider = new LoggerProvider({
      processors: [new RedactionProcessor(), new ExceptionEventsProcessor({ setStatus: true }), new SimpleLogRecordProcessor({ exporter: new InMemoryLogRecordExporter() })],
    });
    const log = provider.getLogger('x');
    tracer.startActiveSpan('req', (span) => {
      log.emit({ severityNumber: SeverityNumber.ERROR, body: 'db failed', exception: new TypeError('bad password=hunter2') });
      log.emit({ severityNumber: SeverityNumber.INFO, body: 'not an error' });
      log.emit({ severityNumber: SeverityNumber.FATAL, body: 'no exception attached' });
      span.end();
    });
    const [finished] = spans.getFinishedSpans();
    expect(finished!.events.map((e) => e.name)).to.deep.equal(['exception', 'exception']);
    expect(finished!.events[0]!.attributes).to.include({ 'exception.type': 'TypeError', 'exception.message': 'bad password=[REDACTED]' });
    expect(finished!.events[1]!.attributes).to.deep.equal({ 'exception.message': 'no exception attached' });
    expect(finished!.status.code).to.equal(SpanStatusCode.ERROR);
  });
});
