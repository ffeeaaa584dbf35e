import { gunzipSync } from 'node:zlib';
import type { HrTime, SpanContext } from '@opentelemetry/api';
import { plainRecord, type RecordSpec } from '@dynamo-logging/test-kit';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

export type { RecordSpec } from '@dynamo-logging/test-kit';

export const RESOURCE = { 'service.name': 'frontend', namespace: 'dynamo', component: 'http', 'host.name': 'node-7', 'process.pid': 4242 };
/** 2026-11-25T22:30:00.123456789Z */
export const TIME: HrTime = [1795645800, 123456789];
export const SPAN: SpanContext = { traceId: '80196f3e3a6fdf06d23bb9ada3788518', spanId: 'f7e487a9d2a6bf38', traceFlags: 1 };

/**
 * A record as the delivery layer may hand it over: a plain object with only the
 * fields the contract allows (as read back from the on-disk queue).
 */
export function makeRecord(spec: RecordSpec = {}): ReadableLogRecord {
  return plainRecord({ ...spec, severityText: spec.severityText ?? 'INFO' }, { resource: RESOURCE, hrTime: TIME });
}

/** The NDJSON text of an encoded request, gunzipped when the encoder compressed it. */
export function bodyText(request: { body: Uint8Array; headers?: Record<string, string> }): string {
  const raw = Buffer.from(request.body);
  return (request.headers?.['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}
