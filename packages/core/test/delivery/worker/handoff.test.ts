import { expect } from 'chai';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { HandoffDecoder, HandoffEncoder } from '../../../src/delivery/worker/handoff';
import { makeRecord } from '@dynamo-logging/test-kit';

describe('delivery worker handoff', () => {
  it('carries every field a backend may read, and nothing it may not', () => {
    const base = makeRecord(7, 'hello', { nested: { a: [1, 'two', true], b: new Uint8Array([1, 2]) }, flag: false });
    const record: ReadableLogRecord = {
      ...base,
      hrTime: [1700000000, 123456789],
      hrTimeObserved: [1700000001, 5],
      severityNumber: 17,
      severityText: 'ERROR',
      eventName: 'request.done',
      spanContext: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 },
    };
    const batch = new HandoffEncoder().encode([record]);
    const [back] = new HandoffDecoder().decode(structuredClone(batch));
    expect(back!.hrTime).to.deep.equal([1700000000, 123456789]);
    expect(back!.hrTimeObserved).to.deep.equal([1700000001, 5]);
    expect(back!.severityNumber).to.equal(17);
    expect(back!.severityText).to.equal('ERROR');
    expect(back!.body).to.equal('hello');
    expect(back!.eventName).to.equal('request.done');
    expect(back!.attributes).to.deep.equal(record.attributes);
    expect(back!.spanContext).to.deep.equal({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 });
    expect(back!.resource.attributes).to.deep.equal(record.resource.attributes);
    expect(back!.instrumentationScope).to.deep.equal(record.instrumentationScope);
  });

  it('sends a resource and a scope once, and records of one origin share them after decoding', () => {
    const encoder = new HandoffEncoder();
    const decoder = new HandoffDecoder();
    const first = encoder.encode([makeRecord(1), makeRecord(2)]);
    expect(first.resources).to.have.length(1);
    expect(first.scopes).to.have.length(1);
    const second = encoder.encode([makeRecord(3)]);
    expect(second.resources).to.equal(undefined);
    expect(second.scopes).to.equal(undefined);
    const a = decoder.decode(structuredClone(first));
    const b = decoder.decode(structuredClone(second));
    expect(a[0]!.resource).to.equal(a[1]!.resource);
    expect(b[0]!.resource).to.equal(a[0]!.resource);
    expect(b[0]!.instrumentationScope).to.equal(a[0]!.instrumentationScope);

    const other = { ...makeRecord(4), resource: resourceFromAttributes({ 'service.name': 'other' }) };
    const third = encoder.encode([other]);
    expect(third.resources).to.have.length(1);
    expect(decoder.decode(structuredClone(third))[0]!.resource.attributes).to.deep.equal({ 'service.name': 'other' });
  });

  it('keeps a record without a span context without one', () => {
    const [back] = new HandoffDecoder().decode(structuredClone(new HandoffEncoder().encode([makeRecord(1)])));
    expect(back!.spanContext).to.equal(undefined);
  });
});
