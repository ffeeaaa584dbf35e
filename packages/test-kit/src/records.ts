import type { HrTime, SpanContext } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

const resource = resourceFromAttributes({ 'service.name': 'delivery-test' });
const scope = { name: 'delivery-test', version: '1.0.0' };

/** A record numbered by its `seq` attribute, so a receiver can count each one (FaultServer does). */
export function makeRecord(seq: number, body: string = `record ${seq}`, extra: Record<string, unknown> = {}): ReadableLogRecord {
  const ms = Date.now();
  return {
    hrTime: [Math.floor(ms / 1000), (ms % 1000) * 1e6],
    hrTimeObserved: [Math.floor(ms / 1000), (ms % 1000) * 1e6],
    severityNumber: 9,
    severityText: 'INFO',
    body,
    attributes: { seq, ...extra } as ReadableLogRecord['attributes'],
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

/** The fields of a record as the delivery layer hands it to a backend. */
export interface RecordSpec {
  readonly body?: unknown;
  readonly attributes?: Record<string, unknown>;
  readonly resource?: Record<string, unknown>;
  readonly hrTime?: HrTime;
  readonly hrTimeObserved?: HrTime;
  readonly severityNumber?: number;
  readonly severityText?: string | undefined;
  readonly scope?: string | { name: string; version?: string };
  readonly spanContext?: SpanContext;
}

/**
 * A record shaped as the delivery layer may hand it over: a plain object with
 * only the fields the backend contract allows (as read back from the on-disk
 * queue). `defaults` fill what `spec` leaves out.
 */
export function plainRecord(spec: RecordSpec, defaults: { resource: Record<string, unknown>; hrTime: HrTime }): ReadableLogRecord {
  const scopeSpec = spec.scope ?? 'dynamo.http';
  return {
    hrTime: spec.hrTime ?? defaults.hrTime,
    hrTimeObserved: spec.hrTimeObserved ?? spec.hrTime ?? defaults.hrTime,
    severityNumber: spec.severityNumber ?? 9,
    severityText: 'severityText' in spec ? spec.severityText : 'INFO',
    body: 'body' in spec ? spec.body : 'hello',
    attributes: spec.attributes ?? {},
    resource: { attributes: spec.resource ?? defaults.resource },
    instrumentationScope: typeof scopeSpec === 'string' ? { name: scopeSpec } : scopeSpec,
    ...(spec.spanContext !== undefined ? { spanContext: spec.spanContext } : {}),
    droppedAttributesCount: 0,
  } as unknown as ReadableLogRecord;
}
