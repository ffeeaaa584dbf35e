import { expect } from 'chai';
import { SeverityNumber } from '@dynamo-logging/core';
import { TraceFlags } from '@opentelemetry/api';
import { HecEncoder, epochSeconds } from '../src/encode';
import type { EncodeSettings } from '../src/encode';
import { rawMember, splitConcatenated } from './helpers/hec-receiver';
import { SERVICE, record } from './helpers/records';

const BASE: EncodeSettings = {
  index: 'main',
  source: 'dynamo',
  sourcetype: 'dynamo:jsonl',
  host: undefined,
  defaultHost: 'node-1',
  indexedFields: [],
  maxContentLength: 1024 * 1024,
  eventPath: '/services/collector/event',
  channel: '0f6f1c2e-8a4b-4c1d-9e2f-3a4b5c6d7e8f',
};

function events(encoder: HecEncoder, recs = [record()]): Array<Record<string, any>> {
  const [req] = encoder.encode(recs);
  const parts = splitConcatenated(Buffer.from(req!.body).toString('utf8'));
  return parts.map((p) => JSON.parse((p as { raw: string }).raw));
}

describe('encode', () => {
  it('writes time as plain decimal epoch seconds with microseconds from hrTime', () => {
    expect(epochSeconds(record({ hrTime: [1761944805, 397194123] }))).to.equal('1761944805.397194');
    expect(epochSeconds(record({ hrTime: [1761944805, 5000] }))).to.equal('1761944805.000005');
    const body = new HecEncoder(BASE).encodeEvent(record({ hrTime: [1761944805, 397194999] }));
    expect(rawMember(body, 'time')).to.equal('1761944805.397194');
    expect(rawMember(body, 'time')).to.match(/^\d+\.\d{6}$/);
  });

  it('falls back to the observed time, and leaves time out when there is none', () => {
    expect(epochSeconds(record({ hrTime: [0, 0], hrTimeObserved: [1761944806, 1000] }))).to.equal('1761944806.000001');
    const body = new HecEncoder(BASE).encodeEvent(record({ hrTime: [0, 0], hrTimeObserved: [0, 0] }));
    const e = JSON.parse(body);
    expect(e).not.to.have.property('time');
    expect(e.host).to.equal('node-1');
  });

  it('maps host, source, sourcetype, index from options, and the record as the event object', () => {
    const [e] = events(new HecEncoder(BASE), [
      record({ body: 'Registering new stream', attributes: { method: 'POST', uri: '/v1/chat/completions', 'exception.type': 'Error' } }),
    ]);
    expect(e).to.include({ host: 'node-1', source: 'dynamo', sourcetype: 'dynamo:jsonl', index: 'main' });
    expect(e!.event).to.include({
      message: 'Registering new stream',
      level: 'INFO',
      severity: 'INFO',
      severity_number: 9,
      target: 'dynamo.http',
      method: 'POST',
      uri: '/v1/chat/completions',
      'exception.type': 'Error',
    });
    // The time is HEC's own `time`, not repeated inside the event.
    expect(e!.event).not.to.have.property('time');
  });

  it('keeps the OTel severity (FATAL) while level follows Dynamo (ERROR)', () => {
    const [e] = events(new HecEncoder(BASE), [record({ severityNumber: SeverityNumber.FATAL, severityText: undefined })]);
    expect(e!.event.severity).to.equal('FATAL');
    expect(e!.event.level).to.equal('ERROR');
    expect(e!.fields.level).to.equal('ERROR');
  });

  it('omits source, sourcetype and index when unset so the token defaults apply', () => {
    const [e] = events(new HecEncoder({ ...BASE, index: undefined, source: undefined, sourcetype: undefined }));
    expect(Object.keys(e!).sort()).to.deep.equal(['event', 'fields', 'host', 'time']);
  });

  it('lets com.splunk.index/source/sourcetype attributes override per record (record over resource) and removes them', () => {
    const [a, b] = events(new HecEncoder({ ...BASE, indexedFields: ['com.splunk.index'] }), [
      record({ attributes: { 'com.splunk.index': 'audit', 'com.splunk.sourcetype': 'audit:json', 'com.splunk.hec.access_token': 'secret-token' } }),
      record({ resource: { ...SERVICE, 'com.splunk.source': 'from-resource', 'com.splunk.index': 'res_index' } }),
    ]);
    expect(a).to.include({ index: 'audit', sourcetype: 'audit:json', source: 'dynamo' });
    expect(JSON.stringify(a)).not.to.contain('com.splunk');
    expect(JSON.stringify(a)).not.to.contain('secret-token');
    expect(b).to.include({ index: 'res_index', source: 'from-resource', sourcetype: 'dynamo:jsonl' });
    expect(JSON.stringify(b!.fields)).not.to.contain('com.splunk');
  });

  it('takes host from the option, else host.name (record, then resource), else the machine name', () => {
    const rec = record({ resource: { ...SERVICE, 'host.name': 'res-host' } });
    expect(events(new HecEncoder(BASE), [rec])[0]!.host).to.equal('res-host');
    expect(events(new HecEncoder(BASE), [record({ attributes: { 'host.name': 'rec-host' }, resource: { ...SERVICE, 'host.name': 'res-host' } })])[0]!.host).to.equal('rec-host');
    expect(events(new HecEncoder({ ...BASE, host: 'opt-host' }), [rec])[0]!.host).to.equal('opt-host');
  });

  it('indexes trace_id, span_id, service.name, namespace, component, level and configured keys, flat', () => {
    const traceId = '80196f3e3a6fdf06d23bb9ada3788518';
    const spanId = 'f7e487a9d2a6bf38';
    const [e] = events(new HecEncoder({ ...BASE, indexedFields: ['request_id', 'model', 'http', 'component'] }), [
      record({
        spanContext: { traceId, spanId, traceFlags: TraceFlags.SAMPLED },
        attributes: { request_id: 'r-1', model: 'llama', http: { status: 200, route: '/v1' }, other: 'not indexed' },
      }),
    ]);
    expect(e!.fields).to.deep.equal({
      level: 'INFO',
      trace_id: traceId,
      span_id: spanId,
      'service.name': 'frontend',
      namespace: 'dynamo',
      component: 'http',
      request_id: 'r-1',
      model: 'llama',
      'http.status': 200,
      'http.route': '/v1',
    });
    expect(e!.event.trace_id).to.equal(traceId);
  });

  it('leaves trace fields out when there is no valid span', () => {
    const [e] = events(new HecEncoder(BASE), [record({ spanContext: { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 } })]);
    expect(e!.fields).not.to.have.property('trace_id');
  });

  it('concatenates event objects (not an array) and splits below maxContentLength', () => {
    const encoder = new HecEncoder({ ...BASE, maxContentLength: 2000 });
    const recs = Array.from({ length: 20 }, (_, i) => record({ body: `message ${i} ` + 'x'.repeat(200) }));
    const requests = encoder.encode(recs);
    expect(requests.length).to.be.greaterThan(1);
    let total = 0;
    for (const r of requests) {
      expect(r.body.length).to.be.at.most(2000);
      const text = Buffer.from(r.body).toString('utf8');
      expect(text[0]).to.equal('{');
      const parts = splitConcatenated(text);
      expect(parts.length).to.equal(r.records.length);
      total += r.records.length;
      expect(r.path).to.equal('/services/collector/event');
      expect(r.headers!['X-Splunk-Request-Channel']).to.equal(BASE.channel);
    }
    expect(total).to.equal(20);
  });

  it('keeps bodies within the limit in bytes when non-ASCII text makes them longer than their character count', () => {
    const encoder = new HecEncoder({ ...BASE, maxContentLength: 3000 });
    const recs = Array.from({ length: 12 }, (_, i) => record({ body: `${i} ` + '日本語'.repeat(80) }));
    const requests = encoder.encode(recs);
    let total = 0;
    for (const r of requests) {
      expect(r.body.length).to.be.at.most(3000);
      total += splitConcatenated(Buffer.from(r.body).toString('utf8')).length;
      expect((r.context as { indexes: unknown[] }).indexes).to.have.length(r.records.length);
    }
    expect(total).to.equal(12);
  });

  it('puts an event larger than maxContentLength alone in its request (the delivery layer drops it as too_large)', () => {
    const encoder = new HecEncoder({ ...BASE, maxContentLength: 1000 });
    const requests = encoder.encode([record({ body: 'a' }), record({ body: 'x'.repeat(5000) }), record({ body: 'b' })]);
    expect(requests.map((r) => r.records.length)).to.deep.equal([1, 1, 1]);
  });

  it('never repeats metadata attributes or reserved keys inside the event', () => {
    const [e] = events(new HecEncoder(BASE), [record({ attributes: { trace_id: 'spoofed', level: 'x', 'com.splunk.source': 's', keep: [1, 2] } })]);
    expect(e!.event).not.to.have.property('trace_id');
    expect(e!.event.level).to.equal('INFO');
    expect(e!.event).not.to.have.property('com.splunk.source');
    expect(e!.event.keep).to.deep.equal([1, 2]);
  });

  it('is a pure function of the records (retries re-encode to the same bytes)', () => {
    const encoder = new HecEncoder(BASE);
    const recs = [record({ body: 'a' }), record({ body: 'b', attributes: { 'com.splunk.index': 'x' } })];
    expect(Buffer.from(encoder.encode(recs)[0]!.body).equals(Buffer.from(encoder.encode(recs)[0]!.body))).to.equal(true);
  });

  it('turns odd bodies and attribute values into valid JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.me = cyclic;
    const [e] = events(new HecEncoder(BASE), [record({ body: { nested: { deep: 1 } }, attributes: { big: 10n, bad: '\ud800', cyc: cyclic } })]);
    expect(e!.event.message).to.equal('{"nested":{"deep":1}}');
    expect(e!.event.big).to.equal('10');
    expect(e!.event.cyc).to.deep.equal({ me: '[Circular]' });
  });
});
