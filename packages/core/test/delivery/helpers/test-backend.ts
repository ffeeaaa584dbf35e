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
