import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { EncodedRequest, Outcome } from './types';

/** Every record of the request was accepted. */
export function deliveredAll(): Outcome {
  return {};
}

/** Send every record of the request again, after at least `afterMs` when the server asked for a pause. */
export function retryAll(request: EncodedRequest, reason: string, afterMs?: number): Outcome {
  return { retry: { records: request.records, reason, ...(afterMs !== undefined ? { afterMs } : {}) } };
}

/** None of the records of the request will ever be accepted; `detail` is the server's own words. */
export function dropAll(request: EncodedRequest, reason: string, detail?: string): Outcome {
  return { drop: [{ records: request.records as ReadableLogRecord[], reason, ...(detail !== undefined ? { detail } : {}) }] };
}
