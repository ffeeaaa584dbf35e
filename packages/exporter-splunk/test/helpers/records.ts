import type { HrTime, SpanContext } from '@opentelemetry/api';
import type { SeverityNumber } from '@dynamo-logging/core';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { plainRecord } from '@dynamo-logging/test-kit';

export interface RecordSpec {
  body?: unknown;
  severityNumber?: SeverityNumber;
  severityText?: string;
  attributes?: Record<string, unknown>;
  resource?: Record<string, unknown>;
  hrTime?: HrTime;
  hrTimeObserved?: HrTime;
  spanContext?: SpanContext;
  scope?: string;
}

export const SERVICE = { 'service.name': 'frontend', namespace: 'dynamo', component: 'http' };

/** A record shaped as the delivery layer hands it over (possibly read back from disk: plain objects only). */
export function record(spec: RecordSpec = {}): ReadableLogRecord {
  return plainRecord({ ...spec, body: spec.body ?? 'hello' }, { resource: SERVICE, hrTime: [1761944805, 397194123] });
}

export function records(n: number, prefix = 'm'): ReadableLogRecord[] {
  return Array.from({ length: n }, (_, i) => record({ body: `${prefix}${i}`, hrTime: [1761944805 + i, 1000 * i] }));
}
