import { gunzipSync } from 'node:zlib';
import type { HrTime, SpanContext } from '@opentelemetry/api';
import { SeverityNumber } from '@dynamo-logging/core';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

export interface RecordSpec {
  readonly body?: unknown;
  readonly attributes?: Record<string, unknown>;
  readonly resource?: Record<string, unknown>;
  readonly hrTime?: HrTime;
  readonly hrTimeObserved?: HrTime;
  readonly severityNumber?: number;
  readonly severityText?: string;
  readonly scope?: { name: string; version?: string };
  readonly spanContext?: SpanContext;
}

export const RESOURCE = { 'service.name': 'frontend', namespace: 'dynamo', component: 'http', 'host.name': 'node-7', 'process.pid': 4242 };
/** 2026-11-25T22:30:00.123456789Z */
export const TIME: HrTime = [1795645800, 123456789];
export const SPAN: SpanContext = { traceId: '80196f3e3a6fdf06d23bb9ada3788518', spanId: 'f7e487a9d2a6bf38', traceFlags: 1 };

/**
 * A record as the delivery layer may hand it over: a plain object with only the
 * fields the contract allows (as read back from the on-disk queue).
 */
export function makeRecord(spec: RecordSpec = {}): ReadableLogRecord {
  return {
    hrTime: spec.hrTime ?? TIME,
    hrTimeObserved: spec.hrTimeObserved ?? spec.hrTime ?? TIME,
    severityNumber: spec.severityNumber ?? SeverityNumber.INFO,
    severityText: spec.severityText ?? 'INFO',
    body: 'body' in spec ? spec.body : 'hello',
    attributes: spec.attributes ?? {},
    resource: { attributes: spec.resource ?? RESOURCE },
    instrumentationScope: spec.scope ?? { name: 'dynamo.http' },
    ...(spec.spanContext !== undefined ? { spanContext: spec.spanContext } : {}),
    droppedAttributesCount: 0,
  } as unknown as ReadableLogRecord;
}

/** The NDJSON text of an encoded request, gunzipped when the encoder compressed it. */
export function bodyText(request: { body: Uint8Array; headers?: Record<string, string> }): string {
  const raw = Buffer.from(request.body);
  return (request.headers?.['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}
