import { isSpanContextValid } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BodyPool, dynamoLevel, messageText, jsonValue } from '@dynamo-logging/core/delivery';
import type { EncodedRequest } from '@dynamo-logging/core/delivery';
import { addField } from './fields';

/** Per-record overrides, named as in the OTel Collector's splunkhecexporter (`otel_attrs_to_hec_metadata` defaults). */
export const INDEX_ATTRIBUTE = 'com.splunk.index';
export const SOURCE_ATTRIBUTE = 'com.splunk.source';
export const SOURCETYPE_ATTRIBUTE = 'com.splunk.sourcetype';
/** The Collector ignores a per-record token; so do we, and it never reaches Splunk. */
export const TOKEN_ATTRIBUTE = 'com.splunk.hec.access_token';
const HOST_ATTRIBUTE = 'host.name';
/** Attributes consumed as HEC metadata and removed from `event` and `fields`, as the Collector does. */
const METADATA_ATTRIBUTES = new Set([INDEX_ATTRIBUTE, SOURCE_ATTRIBUTE, SOURCETYPE_ATTRIBUTE, TOKEN_ATTRIBUTE]);
/** Not copied from the attributes into `event`: metadata, and keys written from the record itself (`spanContext`, severity, scope). */
const SKIPPED_EVENT_KEYS = new Set([...METADATA_ATTRIBUTES, 'message', 'level', 'severity', 'severity_number', 'target', 'trace_id', 'span_id']);

/** Indexed on every event (besides `level`, `trace_id`, `span_id`) when present. */
export const DEFAULT_INDEXED_FIELDS = ['service.name', 'namespace', 'component'];

export interface EncodeSettings {
  readonly index: string | undefined;
  readonly source: string | undefined;
  readonly sourcetype: string | undefined;
  readonly host: string | undefined;
  readonly defaultHost: string;
  readonly indexedFields: readonly string[];
  readonly maxContentLength: number;
  readonly eventPath: string;
  readonly channel: string;
}

/** What `classify` needs back: the index each event targeted, in body order. */
export interface HecRequestContext {
  readonly indexes: ReadonlyArray<string | undefined>;
}

const SEVERITY_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
/** Entries per fragment cache; cleared when full (keys come from code, so this is rarely reached). */
const FRAGMENT_CACHE = 4096;

function severityName(record: ReadableLogRecord): string {
  if (record.severityText) return record.severityText;
  const n = record.severityNumber;
  if (n === undefined || !(n > 0)) return dynamoLevel(n, undefined);
  return SEVERITY_NAMES[Math.min(5, Math.floor((n - 1) / 4))] ?? 'INFO';
}

/**
 * Epoch seconds with microseconds, as a plain decimal (`1761944805.397194`):
 * HEC rejects ISO strings and exponent notation. Undefined when the record has
 * no usable time, so HEC stamps it at receipt.
 */
export function epochSeconds(record: ReadableLogRecord): string | undefined {
  return secondsText(record.hrTime) ?? secondsText(record.hrTimeObserved);
}

function secondsText(t: unknown): string | undefined {
  if (!Array.isArray(t)) return undefined;
  const s = t[0] as number;
  const ns = t[1] as number;
  if (!Number.isSafeInteger(s) || s <= 0 || !Number.isFinite(ns) || ns < 0) return undefined;
  const micros = ns >= 999_999_000 ? 999_999 : Math.floor(ns / 1000);
  return s + '.' + String(1_000_000 + micros).slice(1);
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = typeof value === 'string' ? value : String(value);
  return s === '' ? undefined : s;
}

function hasMetadata(attributes: Record<string, unknown>): boolean {
  for (const key of METADATA_ATTRIBUTES) if (attributes[key] !== undefined) return true;
  return false;
}

/** Records to HEC event bodies. Pure: the same records always give the same bodies (the delivery layer re-encodes retries). */
export class HecEncoder {
  private readonly settings: EncodeSettings;
  /** `,"host":..,"source":..,"sourcetype":..,"index":..` for records without overrides, built once. */
  private readonly defaultMeta: string;
  private readonly fieldKeys: readonly string[];
  private readonly headers: Record<string, string>;
  /** Per resource and level: the `fields` text of records that index nothing of their own. */
  private readonly resourceFields = new WeakMap<object, Map<string, string>>();
  /** Per resource: the metadata fragment for records that do not override it themselves. */
  private readonly resourceMeta = new WeakMap<object, string>();
  private scratch: Buffer | undefined;
  private readonly severityFragments = new Map<string, string>();
  private readonly quotedNames = new Map<string, string>();
  /** Where each request's copy of the scratch buffer lives until its request is done. */
  private readonly bodies = new BodyPool();

  constructor(settings: EncodeSettings) {
    this.settings = settings;
    this.defaultMeta = this.meta(settings.host ?? settings.defaultHost, settings.source, settings.sourcetype, settings.index);
    const keys = new Set([...DEFAULT_INDEXED_FIELDS, ...settings.indexedFields]);
    for (const fixed of ['level', 'trace_id', 'span_id', ...METADATA_ATTRIBUTES]) keys.delete(fixed);
    this.fieldKeys = [...keys];
    // The channel goes on every request: a token with indexer acknowledgment enabled rejects requests without one (code 10).
    this.headers = { 'Content-Type': 'application/json', 'X-Splunk-Request-Channel': settings.channel };
  }

  private meta(host: string, source: string | undefined, sourcetype: string | undefined, index: string | undefined): string {
    let out = ',"host":' + JSON.stringify(host);
    if (source !== undefined) out += ',"source":' + JSON.stringify(source);
    if (sourcetype !== undefined) out += ',"sourcetype":' + JSON.stringify(sourcetype);
    if (index !== undefined) out += ',"index":' + JSON.stringify(index);
    return out;
  }

  /** The index an event for this record targets (undefined: the token's default). */
  indexOf(record: ReadableLogRecord): string | undefined {
    return text(record.attributes?.[INDEX_ATTRIBUTE]) ?? text(record.resource?.attributes?.[INDEX_ATTRIBUTE]) ?? this.settings.index;
  }

  /** One HEC event object as JSON text. */
  encodeEvent(record: ReadableLogRecord): string {
    const attributes = (record.attributes ?? {}) as Record<string, unknown>;
    const resourceAttributes = (record.resource?.attributes ?? {}) as Record<string, unknown>;
    const time = epochSeconds(record);
    let meta = this.metaFor(resourceAttributes);
    if (hasMetadata(attributes) || (this.settings.host === undefined && attributes[HOST_ATTRIBUTE] !== undefined)) {
      const pick = (key: string, fallback: string | undefined): string | undefined => text(attributes[key]) ?? text(resourceAttributes[key]) ?? fallback;
      const host = this.settings.host ?? pick(HOST_ATTRIBUTE, undefined) ?? this.settings.defaultHost;
      meta = this.meta(host, pick(SOURCE_ATTRIBUTE, this.settings.source), pick(SOURCETYPE_ATTRIBUTE, this.settings.sourcetype), pick(INDEX_ATTRIBUTE, this.settings.index));
    }
    const level = dynamoLevel(record.severityNumber, record.severityText);
    const span = record.spanContext;
    const traced = span !== undefined && isSpanContextValid(span);
    return (
      (time === undefined ? '{' + meta.slice(1) : '{"time":' + time + meta) +
      ',"event":' + this.eventObject(record, attributes, level, traced) +
      ',"fields":' + this.fields(attributes, resourceAttributes, record, level, traced) + '}'
    );
  }

  /**
   * `event`: the record with Dynamo's field names (`message`, `level`, `target`,
   * `trace_id`, `span_id`, then the attributes as they are) plus the OTel
   * severity. The time is HEC's `time`, so it is not repeated here. Written as
   * text, with the fragments that repeat built once: building an object for
   * one `JSON.stringify` cost more than the text itself.
   */
  private eventObject(record: ReadableLogRecord, attributes: Record<string, unknown>, level: string, traced: boolean): string {
    const body = record.body;
    let out = '{"message":' + JSON.stringify(typeof body === 'string' ? body : messageText(body)) + this.severityFragment(level, severityName(record));
    const n = record.severityNumber;
    if (typeof n === 'number' && Number.isFinite(n)) out += ',"severity_number":' + n;
    const target = record.instrumentationScope?.name;
    if (target) out += ',"target":' + this.quoted(target);
    if (traced) out += ',"trace_id":"' + record.spanContext!.traceId + '","span_id":"' + record.spanContext!.spanId + '"';
    const keys = Object.keys(attributes);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (SKIPPED_EVENT_KEYS.has(key)) continue;
      let text: string | undefined;
      try {
        // Cycles, BigInt, non-finite numbers and binary become JSON-safe text; absent values are left out.
        text = jsonValue(attributes[key]);
      } catch {
        text = '"[unreadable]"';
      }
      if (text !== undefined) out += ',' + this.quoted(key) + ':' + text;
    }
    return out + '}';
  }

  /** `,"level":"INFO","severity":"INFO"`, per level and severity text. */
  private severityFragment(level: string, severity: string): string {
    const key = level + '\u0000' + severity;
    let text = this.severityFragments.get(key);
    if (text === undefined) {
      text = ',"level":' + JSON.stringify(level) + ',"severity":' + JSON.stringify(severity);
      if (this.severityFragments.size >= FRAGMENT_CACHE) this.severityFragments.clear();
      this.severityFragments.set(key, text);
    }
    return text;
  }

  /** A key or scope name as JSON text; they repeat from record to record. */
  private quoted(name: string): string {
    let text = this.quotedNames.get(name);
    if (text === undefined) {
      text = JSON.stringify(name);
      if (this.quotedNames.size >= FRAGMENT_CACHE) this.quotedNames.clear();
      this.quotedNames.set(name, text);
    }
    return text;
  }

  private fields(attributes: Record<string, unknown>, resourceAttributes: Record<string, unknown>, record: ReadableLogRecord, level: string, traced: boolean): string {
    const keys = this.fieldKeys;
    let fromRecord = traced;
    for (let i = 0; i < keys.length && !fromRecord; i++) {
      const value = attributes[keys[i] as string];
      if (value !== undefined && value !== null) fromRecord = true;
    }
    // Most records index only resource attributes and their level: that text is built once per resource and level.
    let perLevel: Map<string, string> | undefined;
    if (!fromRecord) {
      perLevel = this.resourceFields.get(resourceAttributes);
      const cached = perLevel?.get(level);
      if (cached !== undefined) return cached;
    }
    const fields: Record<string, string | number | Array<string | number>> = { level };
    if (traced) {
      fields.trace_id = record.spanContext!.traceId;
      fields.span_id = record.spanContext!.spanId;
    }
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const value = attributes[key];
      addField(fields, key, value !== undefined && value !== null ? value : resourceAttributes[key]);
    }
    const json = JSON.stringify(fields);
    if (!fromRecord) {
      if (perLevel === undefined) {
        perLevel = new Map();
        this.resourceFields.set(resourceAttributes, perLevel);
      }
      perLevel.set(level, json);
    }
    return json;
  }

  private metaFor(resourceAttributes: Record<string, unknown>): string {
    let meta = this.resourceMeta.get(resourceAttributes);
    if (meta === undefined) {
      meta =
        hasMetadata(resourceAttributes) || (this.settings.host === undefined && resourceAttributes[HOST_ATTRIBUTE] !== undefined)
          ? this.meta(
              this.settings.host ?? text(resourceAttributes[HOST_ATTRIBUTE]) ?? this.settings.defaultHost,
              text(resourceAttributes[SOURCE_ATTRIBUTE]) ?? this.settings.source,
              text(resourceAttributes[SOURCETYPE_ATTRIBUTE]) ?? this.settings.sourcetype,
              text(resourceAttributes[INDEX_ATTRIBUTE]) ?? this.settings.index,
            )
          : this.defaultMeta;
      this.resourceMeta.set(resourceAttributes, meta);
    }
    return meta;
  }

  /** Records to requests, each body at most `maxContentLength` bytes (uncompressed) unless one event alone is larger. */
  encode(records: ReadableLogRecord[]): EncodedRequest[] {
    const requests: EncodedRequest[] = [];
    const limit = this.settings.maxContentLength;
    const scratch = this.scratchBuffer();
    let used = 0;
    let chunkRecords: ReadableLogRecord[] = [];
    const flush = (): void => {
      if (chunkRecords.length === 0) return;
      // The body gets its own copy (given back by `release`); the scratch buffer is reused by the next request.
      const context: HecRequestContext = { indexes: chunkRecords.map((r) => this.indexOf(r)) };
      requests.push({ records: chunkRecords, body: this.bodies.copy(scratch.subarray(0, used)), headers: this.headers, path: this.settings.eventPath, context });
      used = 0;
      chunkRecords = [];
    };
    for (const record of records) {
      // Whitespace between event objects is allowed by HEC; a newline keeps bodies readable in captures.
      const event = this.encodeEvent(record) + '\n';
      // UTF-8 takes at most 3 bytes per UTF-16 unit: measure exactly only when the event might not fit.
      if (used + event.length * 3 > limit) {
        const bytes = Buffer.byteLength(event, 'utf8');
        if (used + bytes > limit) {
          flush();
          if (bytes > limit) {
            // Alone and over the limit: sent by itself, and the delivery layer drops it as `too_large`.
            requests.push({ records: [record], body: Buffer.from(event, 'utf8'), headers: this.headers, path: this.settings.eventPath, context: { indexes: [this.indexOf(record)] } });
            continue;
          }
        }
      }
      used += scratch.write(event, used, 'utf8');
      chunkRecords.push(record);
    }
    flush();
    return requests;
  }

  /** The delivery layer is done with this request's body: its memory serves a later one. */
  release(request: EncodedRequest): void {
    this.bodies.give(request.body);
  }

  /**
   * One buffer per encoder, reused for every request: a fresh megabyte per
   * request costs page faults on first touch, more than the final copy.
   */
  private scratchBuffer(): Buffer {
    this.scratch ??= Buffer.allocUnsafeSlow(this.settings.maxContentLength);
    return this.scratch;
  }
}
