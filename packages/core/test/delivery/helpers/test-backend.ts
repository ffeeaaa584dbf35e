import type { LogAttributes } from '../../../src/otel-line';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { classifyHttpStatus } from '../../../src/delivery/classify-http-status';
import type { DeliveryBackend, EncodedRequest } from '../../../src/delivery/types';

/** NDJSON of `{seq, body}`: enough for the fault server to count every record. */
export function testBackend(overrides: Partial<DeliveryBackend> = {}): DeliveryBackend {
  return {
    name: 'test',
    encode(records: ReadableLogRecord[]): EncodedRequest[] {
      let text = '';
      for (const r of records) text += `${JSON.stringify({ seq: r.attributes['seq'], body: r.body })}\n`;
      return [{ records, body: Buffer.from(text), headers: { 'content-type': 'application/x-ndjson' } }];
    },
    classify: classifyHttpStatus,
    ...overrides,
  };
}

const resource = resourceFromAttributes({ 'service.name': 'delivery-test' });
const scope = { name: 'delivery-test', version: '1.0.0' };

export function makeRecord(seq: number, body: string = `record ${seq}`, extra: LogAttributes = {}): ReadableLogRecord {
  const ms = Date.now();
  return {
    hrTime: [Math.floor(ms / 1000), (ms % 1000) * 1e6],
    hrTimeObserved: [Math.floor(ms / 1000), (ms % 1000) * 1e6],
    severityNumber: 9,
    severityText: 'INFO',
    body,
    attributes: { seq, ...extra },
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: 0,
  };
}

export function makeRecords(from: number, count: number, body?: (seq: number) => string): ReadableLogRecord[] {
  const out: ReadableLogRecord[] = [];
  for (let i = from; i < from + count; i++) out.push(makeRecord(i, body ? body(i) : undefined));
  return out;
}
