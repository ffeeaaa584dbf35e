import { isSpanContextValid } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { jsonValue } from '@dynamo-logging/core/delivery';
import type { DocumentParts } from './ecs-document';
import { flattenedPairs, isPlainMap } from './json-text';
import type { Route } from './route';
import { ROUTING_KEYS } from './route';
import { isoNanos, recordTime } from './time-format';

/**
 * Elastic's OTel-native layout, as the Collector's `mapping: otel` encoder
 * writes it (internal/encoder/log/otel.go): `@timestamp`,
 * `observed_timestamp`, `data_stream.*` at the root, `body.text` (or
 * `body.flattened` / `body.structured` for maps), `severity_text`,
 * `severity_number`, `trace_id`, `span_id`, `attributes.*`,
 * `resource.attributes.*`, `scope.name`/`scope.version`. Attribute keys keep
 * their dots inside `attributes` (Elastic maps these objects as passthrough
 * with `subobjects: false`, so `a` and `a.b` can both exist).
 */
const resourceParts = new WeakMap<object, string>();

function resourceText(attributes: Record<string, unknown> | undefined): string {
  if (attributes === undefined || attributes === null) return '';
  let text = resourceParts.get(attributes);
  if (text === undefined) {
    const pairs: string[] = [];
    flattenedPairs(attributes, ROUTING_KEYS, pairs, new Set());
    text = pairs.length === 0 ? '' : ',"resource":{"attributes":{' + pairs.join(',') + '}}';
    resourceParts.set(attributes, text);
  }
  return text;
}

function bodyText(body: unknown, isEvent: boolean): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return ',"body":{"text":' + JSON.stringify(body) + '}';
  const field = isEvent ? 'structured' : 'flattened';
  if (isPlainMap(body)) return ',"body":{"' + field + '":' + jsonValue(body) + '}';
  if (Array.isArray(body)) {
    // Elasticsearch objects cannot be arrays of scalars: wrap unless all are maps.
    const allMaps = body.every((item) => isPlainMap(item));
    return ',"body":{"' + field + '":' + (allMaps ? jsonValue(body) : '{"value":' + jsonValue(body) + '}') + '}';
  }
  if (body instanceof Uint8Array || body instanceof Date) return ',"body":{"text":' + jsonValue(body) + '}';
  // Other scalars as their text, as the Collector's AsString() does.
  return ',"body":{"text":' + JSON.stringify(typeof body === 'bigint' ? body.toString() : String(body)) + '}';
}

export function otelDocument(record: ReadableLogRecord, route: Route): DocumentParts {
  const attributes = record.attributes as Record<string, unknown> | undefined;
  let doc = '{"@timestamp":"' + isoNanos(recordTime(record.hrTime, record.hrTimeObserved)) + '"';
  if (record.hrTimeObserved !== undefined) doc += ',"observed_timestamp":"' + isoNanos(recordTime(record.hrTimeObserved, undefined)) + '"';
  const ds = route.dataStream;
  if (ds !== undefined) doc += ',"data_stream":{"type":"logs","dataset":' + JSON.stringify(ds.dataset) + ',"namespace":' + JSON.stringify(ds.namespace) + '}';
  doc += bodyText(record.body, attributes !== undefined && attributes['event.name'] !== undefined);
  if (record.severityText) doc += ',"severity_text":' + JSON.stringify(record.severityText);
  if (record.severityNumber !== undefined) doc += ',"severity_number":' + (Number(record.severityNumber) | 0);
  const span = record.spanContext;
  if (span !== undefined && isSpanContextValid(span)) doc += ',"trace_id":"' + span.traceId + '","span_id":"' + span.spanId + '"';
  if (attributes !== undefined && attributes !== null) {
    const pairs: string[] = [];
    flattenedPairs(attributes, ROUTING_KEYS, pairs, new Set());
    if (pairs.length > 0) doc += ',"attributes":{' + pairs.join(',') + '}';
  }
  doc += resourceText(record.resource?.attributes as Record<string, unknown> | undefined);
  const scope = record.instrumentationScope;
  if (scope?.name || scope?.version) {
    let text = '';
    if (scope.name) text += '"name":' + JSON.stringify(scope.name);
    if (scope.version) text += (text === '' ? '' : ',') + '"version":' + JSON.stringify(scope.version);
    doc += ',"scope":{' + text + '}';
  }
  return { core: doc, tail: '}' };
}
