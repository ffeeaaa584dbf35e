import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '../../src/otel-line';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { ConfigurationError } from '../../src/errors';
import { SamplingProcessor } from '../../src/processors/sampling-processor';
import { CollectingProcessor } from '../helpers/collect';

function inTrace(traceId: string) {
  return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: randomBytes(8).toString('hex'), traceFlags: TraceFlags.SAMPLED });
}

function setup(options: ConstructorParameters<typeof SamplingProcessor>[1]) {
  const next = new CollectingProcessor();
  const sampling = new SamplingProcessor(next, options);
  const provider = new LoggerProvider({ processors: [sampling] });
  return { next, sampling, logger: provider.getLogger('sampling-test'), provider };
}

/** |observed - n p| <= 3 sqrt(n p (1 - p)) */
function withinThreeSigma(observed: number, n: number, p: number): boolean {
  return Math.abs(observed - n * p) <= 3 * Math.sqrt(n * p * (1 - p));
}

describe('SamplingProcessor', () => {
  it('keeps debug records outside a trace at the configured ratio (3 sigma over 100,000)', () => {
    const { next, sampling, logger } = setup({ debug: 0.05 });
    const n = 100_000;
    for (let i = 0; i < n; i++) logger.emit({ severityNumber: SeverityNumber.DEBUG, body: 'd', context: ROOT_CONTEXT });
    const kept = next.records.length;
    expect(withinThreeSigma(kept, n, 0.05), `kept ${kept}`).to.equal(true);
    expect(sampling.stats().kept.debug).to.equal(kept);
    expect(sampling.stats().dropped.debug).to.equal(n - kept);
  });

  it('keeps all or none of a trace, and the share of kept traces matches the ratio (3 sigma)', () => {
    const { next, logger } = setup({ debug: 0.05, trace: 0.01 });
    const traces = 20_000;
    const perTrace = 5;
    for (let t = 0; t < traces; t++) {
      const traceId = randomBytes(16).toString('hex');
      const ctx = inTrace(traceId);
      for (let i = 0; i < perTrace; i++) {
        logger.emit({ severityNumber: SeverityNumber.DEBUG, body: 'd', context: ctx });
        logger.emit({ severityNumber: SeverityNumber.TRACE, body: 't', context: ctx });
      }
    }
    const perTraceCounts = new Map<string, { debug: number; trace: number }>();
    for (const record of next.records) {
      const id = record.spanContext!.traceId;
      const entry = perTraceCounts.get(id) ?? { debug: 0, trace: 0 };
      if (record.severityNumber === SeverityNumber.DEBUG) entry.debug++;
      else entry.trace++;
      perTraceCounts.set(id, entry);
    }
    let debugTraces = 0;
    let traceTraces = 0;
    for (const { debug, trace: tr } of perTraceCounts.values()) {
      expect(debug === 0 || debug === perTrace).to.equal(true);
      expect(tr === 0 || tr === perTrace).to.equal(true);
      // Nested: a trace kept at 0.01 is kept at 0.05 too.
      if (tr > 0) expect(debug).to.equal(perTrace);
      if (debug > 0) debugTraces++;
      if (tr > 0) traceTraces++;
    }
    expect(withinThreeSigma(debugTraces, traces, 0.05), `debug traces ${debugTraces}`).to.equal(true);
    expect(withinThreeSigma(traceTraces, traces, 0.01), `trace traces ${traceTraces}`).to.equal(true);
  });

  it('makes the same decision for a trace in another process (derived from the trace id alone)', () => {
    const a = setup({ debug: 0.5 });
    const b = setup({ debug: 0.5 });
    const ids = Array.from({ length: 200 }, () => randomBytes(16).toString('hex'));
    for (const id of ids) {
      a.logger.emit({ severityNumber: SeverityNumber.DEBUG, context: inTrace(id) });
      b.logger.emit({ severityNumber: SeverityNumber.DEBUG, context: inTrace(id) });
    }
    expect(a.next.records.map((r) => r.spanContext!.traceId)).to.deep.equal(b.next.records.map((r) => r.spanContext!.traceId));
    expect(a.next.records.length).to.be.greaterThan(0).and.lessThan(200);
  });

  it('always keeps warn, error and fatal, and levels without a ratio', () => {
    const { next, sampling, logger } = setup({ debug: 0, trace: 0, info: 0 });
    for (const severityNumber of [SeverityNumber.WARN, SeverityNumber.ERROR, SeverityNumber.FATAL]) {
      for (let i = 0; i < 100; i++) logger.emit({ severityNumber, context: ROOT_CONTEXT });
    }
    for (let i = 0; i < 100; i++) logger.emit({ severityNumber: SeverityNumber.DEBUG, context: ROOT_CONTEXT });
    expect(next.records).to.have.length(300);
    expect(sampling.stats()).to.deep.equal({
      kept: { trace: 0, debug: 0, info: 0, warn: 100, error: 200 },
      dropped: { trace: 0, debug: 100, info: 0, warn: 0, error: 0 },
      deferred: { trace: 0, debug: 0, info: 0, warn: 0, error: 0 },
    });
    const all = setup({ debug: 0.05 });
    for (let i = 0; i < 50; i++) all.logger.emit({ severityNumber: SeverityNumber.INFO, context: ROOT_CONTEXT });
    expect(all.next.records).to.have.length(50);
  });

  it('passes in-span records of deferred levels on undecided, for span buffering to decide', () => {
    const { next, sampling, logger } = setup({ debug: 0, trace: 0, deferInSpan: ['debug'] });
    const ctx = inTrace(randomBytes(16).toString('hex'));
    for (let i = 0; i < 10; i++) {
      logger.emit({ severityNumber: SeverityNumber.DEBUG, body: 'in span', context: ctx });
      logger.emit({ severityNumber: SeverityNumber.DEBUG, body: 'outside', context: ROOT_CONTEXT });
      logger.emit({ severityNumber: SeverityNumber.TRACE, body: 'trace in span', context: ctx });
    }
    expect(next.records.map((r) => r.body)).to.deep.equal(Array(10).fill('in span'));
    expect(sampling.stats().deferred.debug).to.equal(10);
    expect(sampling.stats().dropped).to.include({ debug: 10, trace: 10 });
  });

  it('forwards flush and shutdown to the next processor', async () => {
    const { next, provider } = setup({ debug: 0.5 });
    await provider.forceFlush();
    await provider.shutdown();
    expect(next.flushes).to.equal(1);
    expect(next.shutdowns).to.equal(1);
  });

  it('rejects a ratio outside [0, 1] naming the option', () => {
    expect(() => new SamplingProcessor(new CollectingProcessor(), { debug: 2 })).to.throw(ConfigurationError, 'sampling.debug');
    expect(() => new SamplingProcessor(new CollectingProcessor(), { trace: Number.NaN })).to.throw(ConfigurationError, 'sampling.trace');
  });
});
