import { context, createTraceState, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { SeverityNumber } from '../../src/otel-line';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { validateJsonlLine } from '@dynamo-logging/semconv';
import { expect } from 'chai';
import { setRequestIds } from '../../src/context/request-context';
import { formatDynamoLine } from '../../src/jsonl/format-line';
import { startTestContainer, type TestContainer } from '../fixtures/start-container';

describe('TraceContextProcessor', () => {
  let ownsContextManager = false;
  const tracerProvider = new TracerProvider();
  const tracer = tracerProvider.getTracer('test');
  let t: TestContainer;

  before(() => {
    ownsContextManager = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  after(async () => {
    if (ownsContextManager) context.disable();
    await tracerProvider.shutdown();
  });
  beforeEach(() => {
    t = startTestContainer();
  });
  afterEach(() => t.container.shutdown());

  it('adds span_name and parent_id inside an SDK span; the line carries every trace field', async () => {
    const parent = tracer.startSpan('frontend');
    const child = tracer.startSpan('http-request', {}, trace.setSpan(context.active(), parent));
    context.with(trace.setSpan(context.active(), child), () => t.container.createLogger('dynamo.http').info('in span'));
    child.end();
    parent.end();
    const [r] = await t.records();
    expect(r!.spanContext?.spanId).to.equal(child.spanContext().spanId);
    expect(r!.attributes).to.deep.equal({ span_name: 'http-request', parent_id: parent.spanContext().spanId });
    const line = formatDynamoLine(r!);
    expect(validateJsonlLine(line).errors).to.deep.equal([]);
    expect(JSON.parse(line)).to.deep.include({
      trace_id: child.spanContext().traceId,
      span_id: child.spanContext().spanId,
      span_name: 'http-request',
      parent_id: parent.spanContext().spanId,
    });
  });

  it("adds tracestate from the span's trace state, and the remote caller as parent_id", async () => {
    const remote = trace.setSpanContext(context.active(), {
      traceId: '80196f3e3a6fdf06d23bb9ada3788518',
      spanId: '1111111111111111',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
      traceState: createTraceState('vendor=x,other=y'),
    });
    const span = tracer.startSpan('handler', {}, remote);
    context.with(trace.setSpan(remote, span), () => t.container.createLogger('x').info('remote parent'));
    span.end();
    const [r] = await t.records();
    expect(r!.attributes).to.deep.equal({ span_name: 'handler', parent_id: '1111111111111111', tracestate: 'vendor=x,other=y' });
    expect(JSON.parse(formatDynamoLine(r!))['trace_id']).to.equal('80196f3e3a6fdf06d23bb9ada3788518');
  });

  it('adds nothing outside a span, and no span_name for a non-recording span', async () => {
    t.container.createLogger('x').info('no span');
    const wrapped = trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED });
    context.with(trace.setSpan(context.active(), wrapped), () => t.container.createLogger('x').info('api span'));
    const [outside, api] = await t.records();
    expect(outside!.attributes).to.deep.equal({});
    expect(formatDynamoLine(outside!)).to.not.include('trace_id');
    expect(api!.attributes).to.deep.equal({});
    const line = JSON.parse(formatDynamoLine(api!));
    expect([line.trace_id, line.span_id, line.span_name]).to.deep.equal(['a'.repeat(32), 'b'.repeat(16), undefined]);
  });

  it('bridged records (emitted on the provider directly) get the span fields too', async () => {
    const span = tracer.startSpan('bridged');
    context.with(trace.setSpan(context.active(), span), () =>
      t.container.loggerProvider.getLogger('pino').emit({ severityNumber: SeverityNumber.INFO, body: 'from pino' }),
    );
    span.end();
    const [r] = await t.records();
    expect(r!.attributes['span_name']).to.equal('bridged');
  });

  it('adds x_request_id and request_id from the request context; explicit attributes win', async () => {
    const ctx = setRequestIds(context.active(), { xRequestId: 'client-id-1', requestId: '8372eac7-5f43-4d76-beca-0a94cfb311d0' });
    context.with(ctx, () => {
      const log = t.container.createLogger('x');
      log.info('ids');
      log.info('explicit', { x_request_id: 'mine' });
    });
    const [a, b] = await t.records();
    expect(a!.attributes).to.deep.equal({ x_request_id: 'client-id-1', request_id: '8372eac7-5f43-4d76-beca-0a94cfb311d0' });
    expect(b!.attributes).to.deep.equal({ x_request_id: 'mine', request_id: '8372eac7-5f43-4d76-beca-0a94cfb311d0' });
  });
});
