import { hostname } from 'node:os';
import { isSpanContextValid } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { dynamoLevel, jsonValue, messageText } from '@dynamo-logging/core/delivery';
import { leafJson } from './json-text';
import type { Route } from './route';
import { ROUTING_KEYS } from './route';
import { isoMicros, recordTime } from './time-format';

/**
 * The ECS document. Every field is written as a flat dotted key
 * (`"log.level":"INFO"`), the way ECS loggers do, and the layout guarantees
 * that no field is an object in one document and a scalar in another:
 *
 * - the fixed ECS fields below are all leaves and none is a prefix of another;
 * - Dynamo attributes go under `dynamo.` with the dots of their own key turned
 *   into `_` (`request.outcome` -> `dynamo.request_outcome`), so `dynamo.*` is
 *   one level of leaves whatever keys appear;
 * - other dotted resource attributes (OTel semantic keys) go to ECS `labels.*`
 *   the same way, as strings;
 * - a value whose shape can vary (a map, an array holding maps) is written as
 *   its JSON text, so the field stays a string.
 */
export const ECS_VERSION = '8.11.0';

/** Resource attributes with an ECS home. */
const RESOURCE_FIELDS: ReadonlyMap<string, string> = new Map([
  ['service.name', 'service.name'],
  ['service.version', 'service.version'],
  ['service.instance.id', 'service.node.name'],
  ['deployment.environment.name', 'service.environment'],
  ['deployment.environment', 'service.environment'],
  ['host.name', 'host.name'],
  ['host.arch', 'host.architecture'],
  ['process.pid', 'process.pid'],
  ['process.executable.name', 'process.name'],
  ['container.id', 'container.id'],
  ['cloud.provider', 'cloud.provider'],
  ['cloud.region', 'cloud.region'],
]);

const enum Kind {
  Skip = 1,
  SpanOnly,
  ErrorType,
  ErrorMessage,
  ErrorStack,
  File,
  Line,
  Func,
  Transaction,
}

/** Record attributes with an ECS home, or that are not copied as they are. */
const RECORD_FIELDS: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ...[...ROUTING_KEYS].map((k): [string, Kind] => [k, Kind.Skip]),
  // trace.id / span.id come from the span context, as in the Dynamo line.
  ['trace_id', Kind.Skip],
  ['span_id', Kind.Skip],
  ['span_name', Kind.SpanOnly],
  ['parent_id', Kind.SpanOnly],
  ['tracestate', Kind.SpanOnly],
  ['exception.type', Kind.ErrorType],
  ['exception.message', Kind.ErrorMessage],
  ['exception.stacktrace', Kind.ErrorStack],
  ['code.file.path', Kind.File],
  ['code.filepath', Kind.File],
  ['file', Kind.File],
  ['code.line.number', Kind.Line],
  ['code.lineno', Kind.Line],
  ['line', Kind.Line],
  ['code.function.name', Kind.Func],
  ['code.function', Kind.Func],
  ['transaction.id', Kind.Transaction],
]);

export const DYNAMO_PREFIX = 'dynamo.';

/** `request.outcome` -> `request_outcome`: a key that can never open an object under `dynamo.`. */
export function leafKey(key: string): string {
  if (key === '') return '_';
  return key.includes('.') ? key.replace(/\./g, '_') : key;
}

// `,"dynamo.<key>":` per attribute key, built once per key.
const keyPrefixes = new Map<string, string>();
function dynamoKeyPrefix(key: string): string {
  let text = keyPrefixes.get(key);
  if (text === undefined) {
    text = ',' + JSON.stringify(DYNAMO_PREFIX + leafKey(key)) + ':';
    if (keyPrefixes.size > 10_000) keyPrefixes.clear();
    keyPrefixes.set(key, text);
  }
  return text;
}

interface ResourcePart {
  /** `,"service.name":"x",...,"labels.k":"v"`. */
  readonly fixed: string;
  /** Un-dotted (Dynamo) resource keys, written as `dynamo.<key>` unless the record has the same key. */
  readonly dynamoKeys: ReadonlySet<string>;
  readonly dynamoPairs: ReadonlyArray<readonly [string, string]>;
  readonly dynamoText: string;
  /** What the resource lacks, from this process (`host.name`, `process.pid`), and the closing brace. */
  readonly tail: string;
}

let hostFallback: string | undefined;

function fallbackTail(hasHost: boolean, hasPid: boolean): string {
  let tail = '';
  if (!hasHost) tail += ',"host.name":' + JSON.stringify((hostFallback ??= hostname()));
  if (!hasPid) tail += ',"process.pid":' + process.pid;
  return tail + '}';
}

const EMPTY_RESOURCE: ResourcePart = { fixed: '', dynamoKeys: new Set(), dynamoPairs: [], dynamoText: '', tail: fallbackTail(false, false) };
const resourceParts = new WeakMap<object, ResourcePart>();

function resourcePart(attributes: Record<string, unknown> | undefined): ResourcePart {
  if (attributes === undefined || attributes === null) return EMPTY_RESOURCE;
  let part = resourceParts.get(attributes);
  if (part !== undefined) return part;
  let fixed = '';
  const written = new Set<string>();
  const dynamoKeys = new Set<string>();
  const dynamoPairs: Array<[string, string]> = [];
  for (const key of Object.keys(attributes)) {
    if (ROUTING_KEYS.has(key)) continue;
    const value = attributes[key];
    const ecs = RESOURCE_FIELDS.get(key);
    if (ecs !== undefined) {
      const text = ecs === 'process.pid' && Number.isFinite(Number(value)) ? String(Number(value)) : leafJson(value);
      if (text === undefined || written.has(ecs)) continue;
      written.add(ecs);
      fixed += ',"' + ecs + '":' + text;
    } else if (key.includes('.')) {
      const label = 'labels.' + leafKey(key);
      const text = typeof value === 'string' ? JSON.stringify(value) : value === null || value === undefined ? undefined : JSON.stringify(String(jsonValue(value)));
      if (text === undefined || written.has(label)) continue;
      written.add(label);
      fixed += ',' + JSON.stringify(label) + ':' + text;
    } else {
      const text = leafJson(value);
      if (text === undefined) continue;
      dynamoKeys.add(key);
      dynamoPairs.push([key, dynamoKeyPrefix(key) + text]);
    }
  }
  part = {
    fixed,
    dynamoKeys,
    dynamoPairs,
    dynamoText: dynamoPairs.map((p) => p[1]).join(''),
    tail: fallbackTail(written.has('host.name'), written.has('process.pid')),
  };
  resourceParts.set(attributes, part);
  return part;
}

/** The document, split where the id hash stops: `core` depends on the record alone; `tail` adds what the resource lacked (this host, this process) and closes it. */
export interface DocumentParts {
  readonly core: string;
  readonly tail: string;
}

// Fragments that repeat from record to record, built once.
const LEVEL_FRAGMENTS = new Map<string, string>();
const LOGGER_FRAGMENTS = new Map<string, string>();
const ROUTE_FRAGMENTS = new WeakMap<Route, string>();
const ECS_VERSION_FRAGMENT = ',"ecs.version":"' + ECS_VERSION + '"';

function levelFragment(level: string): string {
  let text = LEVEL_FRAGMENTS.get(level);
  if (text === undefined) LEVEL_FRAGMENTS.set(level, (text = '","log.level":"' + level + '","message":'));
  return text;
}

function loggerFragment(name: string | undefined): string {
  if (!name) return '';
  let text = LOGGER_FRAGMENTS.get(name);
  if (text === undefined) {
    text = ',"log.logger":' + JSON.stringify(name);
    if (LOGGER_FRAGMENTS.size > 10_000) LOGGER_FRAGMENTS.clear();
    LOGGER_FRAGMENTS.set(name, text);
  }
  return text;
}

function routeFragment(route: Route, dataset: string): string {
  let text = ROUTE_FRAGMENTS.get(route);
  if (text === undefined) {
    const ds = route.dataStream;
    if (ds !== undefined) {
      const dsText = JSON.stringify(ds.dataset);
      text = ',"event.dataset":' + dsText + ',"data_stream.type":"logs","data_stream.dataset":' + dsText + ',"data_stream.namespace":' + JSON.stringify(ds.namespace);
    } else {
      text = ',"event.dataset":' + JSON.stringify(dataset);
    }
    ROUTE_FRAGMENTS.set(route, text);
  }
  return text;
}

export function ecsDocument(record: ReadableLogRecord, route: Route, dataset: string): DocumentParts {
  const attributes = (record.attributes ?? {}) as Record<string, unknown>;
  let doc =
    '{"@timestamp":"' + isoMicros(recordTime(record.hrTime, record.hrTimeObserved)) +
    levelFragment(dynamoLevel(record.severityNumber, record.severityText)) +
    JSON.stringify(messageText(record.body)) +
    ECS_VERSION_FRAGMENT +
    loggerFragment(record.instrumentationScope?.name) +
    routeFragment(route, dataset);
  const span = record.spanContext;
  const inSpan = span !== undefined && isSpanContextValid(span);
  if (inSpan) doc += ',"trace.id":"' + span.traceId + '","span.id":"' + span.spanId + '"';

  const resource = resourcePart(record.resource?.attributes as Record<string, unknown> | undefined);
  doc += resource.fixed;

  let file = false;
  let line = false;
  let func = false;
  let overridden: Set<string> | undefined;
  let dynamo = '';
  for (const key of Object.keys(attributes)) {
    const kind = RECORD_FIELDS.get(key);
    let value: unknown;
    try {
      value = attributes[key];
    } catch {
      value = '[unreadable]';
    }
    if (value === undefined || value === null) continue;
    if (kind === undefined || (kind === Kind.SpanOnly && inSpan)) {
      // A dotted key yields to an attribute already spelled with underscores.
      if (key.includes('.') && attributes[leafKey(key)] !== undefined) continue;
      const text = leafJson(value);
      if (text === undefined) continue;
      dynamo += dynamoKeyPrefix(key) + text;
      if (resource.dynamoKeys.size > 0 && resource.dynamoKeys.has(key)) (overridden ??= new Set()).add(key);
      continue;
    }
    switch (kind) {
      case Kind.ErrorType:
        doc += ',"error.type":' + stringJson(value);
        break;
      case Kind.ErrorMessage:
        doc += ',"error.message":' + stringJson(value);
        break;
      case Kind.ErrorStack:
        doc += ',"error.stack_trace":' + stringJson(value);
        break;
      case Kind.Transaction:
        doc += ',"transaction.id":' + stringJson(value);
        break;
      case Kind.File:
        if (!file) doc += ',"log.origin.file.name":' + stringJson(value);
        file = true;
        break;
      case Kind.Line:
        if (!line && Number.isFinite(Number(value))) {
          doc += ',"log.origin.file.line":' + Math.trunc(Number(value));
          line = true;
        }
        break;
      case Kind.Func:
        if (!func) doc += ',"log.origin.function":' + stringJson(value);
        func = true;
        break;
      default:
        break;
    }
  }
  if (overridden === undefined) {
    doc += resource.dynamoText;
  } else {
    for (const [key, text] of resource.dynamoPairs) if (!overridden.has(key)) doc += text;
  }
  doc += dynamo;

  return { core: doc, tail: resource.tail };
}

function stringJson(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(jsonValue(value) ?? '');
}
