import { expect } from 'chai';
import { SeverityNumber } from '@dynamo-logging/core';
import { TraceFlags } from '@opentelemetry/api';
import { formatDynamoLine } from '@dynamo-logging/core/delivery';
import { resolveConfig } from '../src/config';
import type { LokiExporterOptions } from '../src/config';
import { LokiEncoder } from '../src/encode';
import { TRUNCATION_MARKER } from '../src/entry';
import { LokiReceiver } from './helpers/loki-receiver';
import { hrAgo, makeRecords } from './helpers/records';
import { post } from './helpers/post';
import { DiagCapture } from '@dynamo-logging/test-kit';

const RESOURCE = { 'service.name': 'frontend', namespace: 'dynamo', component: 'router', 'host.name': 'node-1' };
const SPAN = { traceId: '80196f3e3a6fdf06d23bb9ada3788518', spanId: 'f7e487a9d2a6bf38', traceFlags: TraceFlags.SAMPLED };

describe('LokiEncoder against the strict receiver', () => {
  let receiver: LokiReceiver;
  beforeEach(async () => {
    receiver = await LokiReceiver.start();
  });
  afterEach(async () => {
    await receiver.close();
  });

  function encoder(options: LokiExporterOptions = {}): LokiEncoder {
    return new LokiEncoder(resolveConfig({ endpoint: receiver.url, env: {}, ...options }));
  }

  for (const format of ['protobuf', 'json'] as const) {
    it(`${format}: exact label sets, structured metadata, line bytes and nanosecond timestamps`, async () => {
      const records = makeRecords(RESOURCE, [
        { message: 'Registering new stream', time: hrAgo(2000, 123), spanContext: SPAN,
          attributes: { x_request_id: '8372eac7-5f43-4d76-beca-0a94cfb311d0', request_id: 'r-1', instance_id: 'i-7', model: 'llama', method: 'POST', uri: '/v1/chat/completions' } },
        { message: 'failed', severity: SeverityNumber.ERROR, severityText: 'ERROR', time: hrAgo(1000, 456) },
      ]);
      const [request] = encoder({ format, labels: { env: 'prod' } }).encode(records);
      const reply = await post(receiver.url, request!);
      expect(reply.status).to.equal(204);

      const info = '{component="router", env="prod", level="info", namespace="dynamo", service_name="frontend"}';
      const error = '{component="router", env="prod", level="error", namespace="dynamo", service_name="frontend"}';
      expect(receiver.streams().sort()).to.deep.equal([error, info]);
      const [entry] = receiver.entries(info);
      expect(entry!.line).to.equal(formatDynamoLine(records[0]!));
      expect(entry!.ts).to.equal(BigInt(records[0]!.hrTime[0]) * 1_000_000_000n + BigInt(records[0]!.hrTime[1]));
      expect(entry!.metadata).to.deep.equal({
        trace_id: SPAN.traceId, span_id: SPAN.spanId, x_request_id: '8372eac7-5f43-4d76-beca-0a94cfb311d0', request_id: 'r-1', instance_id: 'i-7',
      });
      expect(receiver.entries(error)[0]!.metadata).to.deep.equal({});
      expect(receiver.entries(error)[0]!.line).to.equal(formatDynamoLine(records[1]!));
      expect(receiver.requests[0]!.headers['content-type']).to.equal(format === 'json' ? 'application/json' : 'application/x-protobuf');
    });
  }

  it('sorts the entries of each stream by time, keeping every nanosecond', async () => {
    const base = hrAgo(5000);
    const times: Array<[number, number]> = [[base[0] + 2, 5], [base[0], 999_999_999], [base[0] + 1, 0], [base[0], 1]];
    const records = makeRecords(RESOURCE, times.map((time, i) => ({ message: `m${i}`, time })));
    const [request] = encoder().encode(records);
    expect((await post(receiver.url, request!)).status).to.equal(204);
    const stored = receiver.entries(receiver.streams()[0]!);
    const expected = [...times].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([s, n]) => BigInt(s) * 1_000_000_000n + BigInt(n));
    expect(stored.map((e) => e.ts)).to.deep.equal(expected);
    expect(request!.records.map((r) => r.body)).to.deep.equal(['m3', 'm1', 'm2', 'm0']);
  });

  it('sanitises label names and quotes values so the Prometheus parser reads them back exactly', async () => {
    const records = makeRecords({ 'service.name': 'svc "quoted" \\ back\nslash' }, [{ message: 'x' }]);
    const [request] = encoder({ labels: { 'k8s.pod-name': 'p1', '1st': 'one' }, levelLabel: false }).encode(records);
    expect((await post(receiver.url, request!)).status).to.equal(204);
    expect(receiver.streams()).to.deep.equal([
      '{_1st="one", k8s_pod_name="p1", service_name="svc \\"quoted\\" \\\\ back\\nslash"}',
    ]);
  });

  it('caps label names at maxLabelNames (service_name, namespace, component, level kept first) and value bytes at maxLabelValueLength', async () => {
    const labels: Record<string, string> = {};
    for (let i = 0; i < 20; i++) labels[`static_${String(i).padStart(2, '0')}`] = 'v';
    labels.long = 'é'.repeat(2000); // 4000 bytes
    const records = makeRecords(RESOURCE, [{ message: 'x' }]);
    const [request] = encoder({ labels }).encode(records);
    expect((await post(receiver.url, request!)).status).to.equal(204);
    const [stream] = receiver.streams();
    const names = [...stream!.matchAll(/([a-z_0-9]+)="/g)].map((m) => m[1]);
    expect(names).to.have.length(15);
    expect(names).to.include.members(['service_name', 'namespace', 'component', 'level', 'static_00', 'static_10']);
    expect(names).not.to.include('static_11');

    const long = makeRecords(RESOURCE, [{ message: 'y' }]);
    const [second] = encoder({ labels: { long: 'é'.repeat(2000) } }).encode(long);
    expect((await post(receiver.url, second!)).status).to.equal(204);
    const value = /long="([^"]*)"/.exec(receiver.streams().find((s) => s.includes('long='))!)![1]!;
    expect(Buffer.byteLength(value)).to.equal(2048);
  });

  it('truncates a line over maxLineSize with the marker, counts it once even when re-encoded', async () => {
    const records = makeRecords(RESOURCE, [{ message: 'ü'.repeat(1000) }, { message: 'short' }]);
    const enc = encoder({ maxLineSize: 600 });
    const [request] = enc.encode(records);
    enc.encode(records);
    expect(enc.truncatedCount()).to.equal(1);
    expect((await post(receiver.url, request!)).status).to.equal(204);
    const lines = receiver.entries(receiver.streams()[0]!).map((e) => e.line);
    const cut = lines.find((l) => l.includes(TRUNCATION_MARKER))!;
    // Cut inside the message, so the line is still one JSON object with the fixed keys first.
    expect(Buffer.byteLength(cut)).to.be.at.most(600).and.at.least(595);
    const parsed = JSON.parse(cut) as Record<string, string>;
    expect(Object.keys(parsed).slice(0, 2)).to.deep.equal(['time', 'level']);
    expect(parsed['message']).to.match(/^ü+…\[truncated\]$/);
    expect(lines).to.include(formatDynamoLine(records[1]!));
  });

  it('a line over maxLineSize stays valid JSON: the largest values are cut first, small ones kept whole', async () => {
    const records = makeRecords(RESOURCE, [
      { message: 'ok', attributes: { big: 'x"\n'.repeat(3000), nested: { deep: 'y'.repeat(2000) }, model: 'llama' } },
    ]);
    const enc = encoder({ maxLineSize: 1000 });
    const [request] = enc.encode(records);
    expect((await post(receiver.url, request!)).status).to.equal(204);
    const [line] = receiver.entries(receiver.streams()[0]!).map((e) => e.line);
    expect(Buffer.byteLength(line!)).to.be.at.most(1000);
    const parsed = JSON.parse(line!) as Record<string, unknown>;
    expect(parsed).to.include({ message: 'ok', model: 'llama', nested: TRUNCATION_MARKER });
    expect(parsed['big']).to.match(/…\[truncated\]$/);
    expect(enc.truncatedCount()).to.equal(1);
  });

  it('a line that cannot fit even with every value cut is left out of the request (the delivery layer counts it)', () => {
    const records = makeRecords(RESOURCE, [{ message: 'z'.repeat(500), target: 't'.repeat(300) }, { message: 'short' }]);
    const [request] = encoder({ maxLineSize: 200 }).encode(records);
    expect(request!.records).to.have.length(1);
    expect(request!.records[0]!.body).to.equal('short');
  });

  it('message mode: the line is the message and the attributes travel as string structured metadata', async () => {
    const records = makeRecords(RESOURCE, [{ message: 'plain', target: 'dynamo.http', spanContext: SPAN, attributes: { model: 'llama', input_tokens: 12, x_request_id: 'abc' } }]);
    const [request] = encoder({ line: 'message' }).encode(records);
    expect((await post(receiver.url, request!)).status).to.equal(204);
    const [entry] = receiver.entries(receiver.streams()[0]!);
    expect(entry!.line).to.equal('plain');
    expect(entry!.metadata).to.deep.equal({
      trace_id: SPAN.traceId, span_id: SPAN.spanId, level: 'INFO', target: 'dynamo.http', model: 'llama', input_tokens: '12', x_request_id: 'abc',
    });
  });

  it('never puts a high-cardinality key in a label', async () => {
    const records = makeRecords({ ...RESOURCE, instance_id: 'i-1', request_id: 'r' }, [{ message: 'x', spanContext: SPAN, attributes: { request_id: 'r', x_request_id: 'x', instance_id: 'i' } }]);
    const [request] = encoder().encode(records);
    expect((await post(receiver.url, request!)).status).to.equal(204);
    expect(receiver.streams()).to.deep.equal(['{component="router", level="info", namespace="dynamo", service_name="frontend"}']);
  });

  it('reports what was cut from the labels once, not per record', () => {
    const captured = new DiagCapture().install();
    try {
      const labels: Record<string, string> = { 'bad.name': 'x', long: 'v'.repeat(3000) };
      for (let i = 0; i < 15; i++) labels[`extra_${String(i).padStart(2, '0')}`] = 'v';
      const enc = encoder({ labels });
      for (let round = 0; round < 3; round++) {
        enc.encode(makeRecords(RESOURCE, [{ message: 'a' }, { message: 'b', severity: SeverityNumber.ERROR, severityText: 'ERROR' }]));
      }
      const warnings = captured.texts().filter((l) => l.includes('Loki'));
      expect(warnings.filter((l) => l.includes('not sent as labels'))).to.have.length(1);
      expect(warnings.filter((l) => l.includes('"bad.name" is not valid'))).to.have.length(1);
      expect(warnings.filter((l) => l.includes('"long" value longer than 2048'))).to.have.length(1);
    } finally {
      captured.uninstall();
    }
  });

  it('a record without any label source still gets a valid stream (service_name="unknown_service")', async () => {
    const records = makeRecords({}, [{ message: 'x' }]);
    const [request] = encoder({ levelLabel: false }).encode(records);
    expect((await post(receiver.url, request!)).status).to.equal(204);
    expect(receiver.streams()).to.deep.equal(['{service_name="unknown_service"}']);
  });

  it('builds each distinct label set once', () => {
    const enc = encoder();
    const records = makeRecords(RESOURCE, [{ message: 'a' }, { message: 'b' }, { message: 'c', severity: SeverityNumber.WARN, severityText: 'WARN' }]);
    const [request] = enc.encode(records);
    const streams = (request!.context as { streams: Array<{ labels: string }> }).streams;
    expect(streams.map((s) => s.labels)).to.deep.equal([
      '{component="router", level="info", namespace="dynamo", service_name="frontend"}',
      '{component="router", level="warn", namespace="dynamo", service_name="frontend"}',
    ]);
    const again = (enc.encode(records)[0]!.context as { streams: Array<{ labels: string }> }).streams;
    expect(again[0]!.labels).to.equal(streams[0]!.labels);
  });
});
