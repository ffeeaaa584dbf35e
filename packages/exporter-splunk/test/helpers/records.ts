import type { HrTime, SpanContext } from '@opentelemetry/api';
import { SeverityNumber } from '@dynamo-logging/core';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

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
  return {
    hrTime: spec.hrTime ?? [1761944805, 397194123],
    hrTimeObserved: spec.hrTimeObserved ?? spec.hrTime ?? [1761944805, 397194123],
    severityNumber: spec.severityNumber ?? SeverityNumber.INFO,
    severityText: 'severityText' in spec ? spec.severityText : 'INFO',
    body: spec.body ?? 'hello',
    attributes: spec.attributes ?? {},
    resource: { attributes: spec.resource ?? SERVICE },
    instrumentationScope: { name: spec.scope ?? 'dynamo.http' },
    spanContext: spec.spanContext,
    droppedAttributesCount: 0,
  } as unknown as ReadableLogRecord;
}

export function records(n: number, prefix = 'm'): ReadableLogRecord[] {
  return Array.from({ length: n }, (_, i) => record({ body: `${prefix}${i}`, hrTime: [1761944805 + i, 1000 * i] }));
}
