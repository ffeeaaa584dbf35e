import { expect } from 'chai';
import { context, ROOT_CONTEXT, SpanStatusCode, trace, TraceFlags, type Tracer } from '@opentelemetry/api';
import { SeverityNumber } from '../../src/otel-line';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { ConfigurationError } from '../../src/errors';
import { SpanBufferingProcessor } from '../../src/processors/span-buffering-processor';
import { CollectingProcessor } from '../helpers/collect';
import { buildPipeline, useContextManager } from '../helpers/pipeline';


const SEVERITY_TEXT = new Map<number, string>(Object.entries(SeverityNumber).map(([name, n]) => [n, name]));
describe('SpanBufferingProcessor', () => {
  let restoreContext: () => void;
  before(() => {
    restoreContext = useContextManager();
  });
  after(() => restoreContext());

  function setup(options: ConstructorParameters<typeof SpanBufferingProcessor>[1] = {}) {
    const p = buildPipeline({ spanBuffering: options, redaction: false });
    const buffering = p.buffering!;
    const tracerProvider = new TracerProvider({ spanProcessors: [buffering.spanProcessor()] });
    const tracer = tracerProvider.getTracer('buffering-test');
    const log = p.provider.getLogger('dynamo.worker');
    const emit = (severityNumber: SeverityNumber, body: string) => log.emit({ severityNumber, severityText: SEVERITY_TEXT.get(severityNumber), body });
    return { ...p, buffering, tracer, emit, tracerProvider };
  }

  function request(tracer: Tracer, name: string, fn: () => void, fail: boolean) {
    tracer.startActiveSpan(name, (span) => {
      fn();
      if (fail) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
  }

  it('releases the debug lines of a failing span only, in order, with their original timestamps', async () => {
    const { tracer, emit, lines, buffering, exporter } = setup();
    const before = Date.now();
    request(tracer, 'ok-request', () => {
      emit(SeverityNumber.DEBUG, 'ok debug 1');
      emit(SeverityNumber.INFO, 'ok info');
      emit(SeverityNumber.TRACE, 'ok trace 1');
    }, false);
    request(tracer, 'failing-request', () => {
      emit(SeverityNumber.DEBUG, 'bad debug 1');
      emit(SeverityNumber.INFO, 'bad info');
      emit(SeverityNumber.TRACE, 'bad trace 1');
      emit(SeverityNumber.DEBUG, 'bad debug 2');
    }, true);
    const out = await lines();
    expect(out.map((l) => l['message'])).to.deep.equal(['ok info', 'bad info', 'bad debug 1', 'bad trace 1', 'bad debug 2']);
    // Released records keep the time they were logged at, not the release time.
    const records = exporter.getFinishedLogRecords();
    const released = records.filter((r) => String(r.body).startsWith('bad ') && r.severityNumber !== SeverityNumber.INFO);
    const info = records.find((r) => r.body === 'bad info')!;
    const ms = (r: (typeof records)[number]) => r.hrTime[0] * 1000 + r.hrTime[1] / 1e6;
    expect(ms(released[0]!)).to.be.at.least(before - 1).and.at.most(ms(info));
    expect(ms(released[2]!)).to.be.at.least(ms(info));
    expect(buffering.stats()).to.deep.include({ held: 0, released: 3, discarded: 2 });
  });

  it('releases on an error-level record, then lets later debug lines of that span through', async () => {
    const { tracer, emit, lines } = setup();
    request(tracer, 'r', () => {
      emit(SeverityNumber.DEBUG, 'before 1');
      emit(SeverityNumber.DEBUG, 'before 2');
      emit(SeverityNumber.ERROR, 'the error');
      emit(SeverityNumber.DEBUG, 'after');
    }, false);
    expect((await lines()).map((l) => l['message'])).to.deep.equal(['before 1', 'before 2', 'the error', 'after']);
  });

  it('moves the records of a child span that ends well to its parent, released if the parent fails', async () => {
    const { tracer, emit, lines } = setup();
    tracer.startActiveSpan('parent', (parent) => {
      emit(SeverityNumber.DEBUG, 'parent debug 1');
      tracer.startActiveSpan('child', (child) => {
        emit(SeverityNumber.DEBUG, 'child debug');
        child.end();
      });
      emit(SeverityNumber.DEBUG, 'parent debug 2');
      parent.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });
      parent.end();
    });
    tracer.startActiveSpan('quiet-parent', (parent) => {
      tracer.startActiveSpan('quiet-child', (child) => {
        emit(SeverityNumber.DEBUG, 'quiet child debug');
        child.end();
      });
      parent.end();
    });
    const out = await lines();
    expect(out.map((l) => l['message'])).to.deep.equal(['parent debug 1', 'child debug', 'parent debug 2']);
    // The child's line keeps its own span id.
    expect(out[1]!['span_id']).to.not.equal(out[0]!['span_id']);
  });

  it('behind sampling: a failing request keeps its debug lines even at debug ratio 0', async () => {
    const p = buildPipeline({ sampling: { debug: 0 }, spanBuffering: {}, redaction: false });
    const tracer = new TracerProvider({ spanProcessors: [p.buffering!.spanProcessor()] }).getTracer('t');
    const log = p.provider.getLogger('x');
    const emit = (severityNumber: SeverityNumber, body: string) => log.emit({ severityNumber, body });
    emit(SeverityNumber.DEBUG, 'outside: sampled out');
    request(tracer, 'ok', () => emit(SeverityNumber.DEBUG, 'ok: discarded'), false);
    request(tracer, 'bad', () => emit(SeverityNumber.DEBUG, 'bad: released'), true);
    expect((await p.lines()).map((l) => l['message'])).to.deep.equal(['bad: released']);
    expect(p.sampling!.stats().dropped.debug).to.equal(1);
    expect(p.sampling!.stats().deferred.debug).to.equal(2);
  });

  it('passes records outside any span straight through', async () => {
    const { emit, lines } = setup();
    emit(SeverityNumber.DEBUG, 'no span');
    expect((await lines()).map((l) => l['message'])).to.deep.equal(['no span']);
  });

  it('bounds each span and the total, counting drops', async () => {
    const { tracer, emit, lines, buffering } = setup({ maxRecordsPerSpan: 3, maxRecordsTotal: 5 });
    request(tracer, 'a', () => {
      for (let i = 0; i < 5; i++) emit(SeverityNumber.DEBUG, `a${i}`);
      tracer.startActiveSpan('b', (b) => {
        for (let i = 0; i < 4; i++) emit(SeverityNumber.DEBUG, `b${i}`);
        b.setStatus({ code: SpanStatusCode.ERROR });
        b.end();
      });
    }, true);
    const out = (await lines()).map((l) => l['message']);
    // Span a keeps its 3 newest; the total of 5 leaves room for 2 of b.
    expect(out).to.deep.equal(['b0', 'b1', 'a2', 'a3', 'a4']);
    expect(buffering.stats().dropped).to.deep.include({ perSpanLimit: 2, totalLimit: 2 });
  });

  it('samples whole traces of successful spans with onSuccess.sampleRatio', async () => {
    const keep = setup({ onSuccess: { sampleRatio: 1 } });
    request(keep.tracer, 'r', () => keep.emit(SeverityNumber.DEBUG, 'kept'), false);
    expect((await keep.lines()).map((l) => l['message'])).to.deep.equal(['kept']);
    const drop = setup({ onSuccess: { sampleRatio: 0 } });
    request(drop.tracer, 'r', () => drop.emit(SeverityNumber.DEBUG, 'dropped'), false);
    expect(await drop.lines()).to.deep.equal([]);
  });

  it('lets go of spans that never end after maxSpanAgeMillis', () => {
    let now = 0;
    const next = new CollectingProcessor();
    const buffering = new SpanBufferingProcessor(next, { maxSpanAgeMillis: 1000 }, () => now);
    const provider = new LoggerProvider({ processors: [buffering] });
    const log = provider.getLogger('age');
    for (let s = 0; s < 50; s++) {
      const ctx = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: 'a'.repeat(31) + (s % 10),
        spanId: (s + 1).toString(16).padStart(16, '0'),
        traceFlags: TraceFlags.SAMPLED,
      });
      log.emit({ severityNumber: SeverityNumber.DEBUG, body: 'held', context: ctx });
    }
    expect(buffering.stats()).to.deep.include({ held: 50, spans: 50 });
    now = 999;
    log.emit({ severityNumber: SeverityNumber.INFO, body: 'tick', context: ROOT_CONTEXT });
    expect(buffering.stats().held).to.equal(50);
    now = 1001;
    const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'b'.repeat(32), spanId: 'c'.repeat(16), traceFlags: 1 });
    log.emit({ severityNumber: SeverityNumber.INFO, body: 'tick', context: ctx });
    expect(buffering.stats()).to.deep.include({ held: 0, spans: 0 });
    expect(buffering.stats().dropped.expired).to.equal(50);
    expect(next.records.map((r) => r.body)).to.deep.equal(['tick', 'tick']);
  });

  it('works without a context manager-provided span: explicit spanEnded()', () => {
    const next = new CollectingProcessor();
    const buffering = new SpanBufferingProcessor(next);
    const provider = new LoggerProvider({ processors: [buffering] });
    const ctx = trace.setSpanContext(context.active(), { traceId: 'd'.repeat(32), spanId: 'e'.repeat(16), traceFlags: 1 });
    provider.getLogger('x').emit({ severityNumber: SeverityNumber.DEBUG, body: 'held', context: ctx });
    expect(next.records).to.have.length(0);
    buffering.spanEnded('e'.repeat(16), 'd'.repeat(32), true);
    expect(next.records.map((r) => r.body)).to.deep.equal(['held']);
  });

  it('counts what is held at shutdown and forwards flush/shutdown', async () => {
    const next = new CollectingProcessor();
    const buffering = new SpanBufferingProcessor(next);
    const provider = new LoggerProvider({ processors: [buffering] });
    const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'd'.repeat(32), spanId: 'f'.repeat(16), traceFlags: 1 });
    provider.getLogger('x').emit({ severityNumber: SeverityNumber.DEBUG, body: 'held', context: ctx });
    await provider.forceFlush();
    await provider.shutdown();
    expect(next.flushes).to.equal(1);
    expect(next.shutdowns).to.equal(1);
    expect(buffering.stats().dropped.shutdown).to.equal(1);
  });

  it('rejects bad bounds naming the option', () => {
    expect(() => new SpanBufferingProcessor(new CollectingProcessor(), { maxRecordsPerSpan: 0 })).to.throw(ConfigurationError, 'spanBuffering.maxRecordsPerSpan');
    expect(() => new SpanBufferingProcessor(new CollectingProcessor(), { onSuccess: { sampleRatio: 3 } })).to.throw(ConfigurationError, 'sampleRatio');
  });
});
