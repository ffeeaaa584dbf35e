import type { HrTime, SpanContext } from '@opentelemetry/api';
import type { LogAttributes, LogBody, SeverityNumber } from '../otel-line';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

/**
 * The on-disk form of a record: exactly the fields the delivery contract lets
 * a backend use (see types.ts), as JSON. Byte arrays survive as base64.
 */
interface StoredRecord {
  t: HrTime;
  o: HrTime;
  n?: number;
  s?: string;
  b?: unknown;
  a: unknown;
  r: unknown;
  sn: string;
  sv?: string;
  su?: string;
  x?: SpanContext;
  e?: string;
}

const BYTES_TAG = '$dynamo_u8';

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { [BYTES_TAG]: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>)[BYTES_TAG] === 'string') {
    return new Uint8Array(Buffer.from((value as Record<string, string>)[BYTES_TAG]!, 'base64'));
  }
  return value;
}

export function serializeRecord(record: ReadableLogRecord): Buffer {
  const scope = record.instrumentationScope;
  const stored: StoredRecord = {
    t: record.hrTime,
    o: record.hrTimeObserved,
    a: record.attributes,
    r: record.resource?.attributes ?? {},
    sn: scope?.name ?? '',
  };
  if (record.severityNumber !== undefined) stored.n = record.severityNumber;
  if (record.severityText !== undefined) stored.s = record.severityText;
  if (record.body !== undefined) stored.b = record.body;
  if (scope?.version !== undefined) stored.sv = scope.version;
  if (scope?.schemaUrl !== undefined) stored.su = scope.schemaUrl;
  if (record.spanContext !== undefined) stored.x = record.spanContext;
  if (record.eventName !== undefined) stored.e = record.eventName;
  return Buffer.from(JSON.stringify(stored, replacer), 'utf8');
}

/**
 * Rebuilds records read back from disk. Resources and scopes are interned so
 * that records of one origin share one object, as the SDK's records do
 * (exporters group by identity).
 */
export class RecordDecoder {
  private readonly resources = new Map<string, Resource>();
  private readonly scopes = new Map<string, ReadableLogRecord['instrumentationScope']>();

  decode(payload: Buffer): ReadableLogRecord {
    const text = payload.toString('utf8');
    const stored = (text.includes(BYTES_TAG) ? JSON.parse(text, reviver) : JSON.parse(text)) as StoredRecord;
    if (!Array.isArray(stored.t) || !Array.isArray(stored.o) || typeof stored.sn !== 'string') {
      throw new Error('not a stored log record');
    }
    const resourceKey = JSON.stringify(stored.r ?? {});
    let resource = this.resources.get(resourceKey);
    if (resource === undefined) {
      if (this.resources.size > 1024) this.resources.clear();
      resource = resourceFromAttributes((stored.r ?? {}) as LogAttributes as Record<string, never>);
      this.resources.set(resourceKey, resource);
    }
    const scopeKey = `${stored.sn}\u0000${stored.sv ?? ''}\u0000${stored.su ?? ''}`;
    let scope = this.scopes.get(scopeKey);
    if (scope === undefined) {
      if (this.scopes.size > 1024) this.scopes.clear();
      scope = { name: stored.sn, ...(stored.sv !== undefined ? { version: stored.sv } : {}), ...(stored.su !== undefined ? { schemaUrl: stored.su } : {}) };
      this.scopes.set(scopeKey, scope);
    }
    const record: ReadableLogRecord = {
      hrTime: stored.t,
      hrTimeObserved: stored.o,
      ...(stored.n !== undefined ? { severityNumber: stored.n as SeverityNumber } : {}),
      ...(stored.s !== undefined ? { severityText: stored.s } : {}),
      ...(stored.b !== undefined ? { body: stored.b as LogBody } : {}),
      ...(stored.x !== undefined ? { spanContext: stored.x } : {}),
      ...(stored.e !== undefined ? { eventName: stored.e } : {}),
      resource,
      instrumentationScope: scope,
      attributes: (stored.a ?? {}) as LogAttributes,
      droppedAttributesCount: 0,
    };
    return record;
  }
}
