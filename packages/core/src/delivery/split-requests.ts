import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { DeliveryBackend, EncodedRequest } from './types';

export type DropSink = (records: number, reason: string, detail?: string) => void;

/**
 * Encodes `records`, halving and re-encoding any request whose body exceeds
 * `backend.maxBodyBytes` or that carries more than `maxRecords` records (after
 * a 413), so one oversized record is isolated and dropped (`too_large`)
 * instead of blocking its neighbours. Records the encoder left out of every
 * request are dropped (`not_encoded`) rather than lost silently.
 */
export function encodeWithinLimit(backend: DeliveryBackend, records: ReadableLogRecord[], drop: DropSink, maxRecords = Number.POSITIVE_INFINITY): EncodedRequest[] {
  const limit = backend.maxBodyBytes;
  const out: EncodedRequest[] = [];
  const visit = (batch: ReadableLogRecord[]): void => {
    let requests: EncodedRequest[];
    try {
      requests = backend.encode(batch);
    } catch (err) {
      drop(batch.length, 'encode_error', err instanceof Error ? err.message : String(err));
      return;
    }
    let carried = 0;
    for (const request of requests) carried += request.records.length;
    if (carried < batch.length) {
      const seen = new Set<ReadableLogRecord>();
      for (const request of requests) for (const r of request.records) seen.add(r);
      let missing = 0;
      for (const r of batch) if (!seen.has(r)) missing += 1;
      if (missing > 0) drop(missing, 'not_encoded', `the ${backend.name} encoder left ${missing} record(s) out of its requests`);
    }
    for (const request of requests) {
      if ((limit === undefined || request.body.byteLength <= limit) && request.records.length <= maxRecords) {
        out.push(request);
      } else if (request.records.length > 1) {
        const middle = Math.ceil(request.records.length / 2);
        visit(request.records.slice(0, middle));
        visit(request.records.slice(middle));
      } else {
        drop(request.records.length, 'too_large', `a single record encodes to ${request.body.byteLength} bytes, over maxBodyBytes ${limit}`);
      }
    }
  };
  visit(records);
  return out;
}
