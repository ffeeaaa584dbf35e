import { isSpanContextValid } from '@opentelemetry/api';
import { diag } from '@opentelemetry/api';
import { dynamoLevel, formatDynamoLine, messageText } from '@dynamo-logging/core/delivery';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ResolvedLokiConfig } from './config';
import { sanitizeLabelName, truncateUtf8 } from './labels';

/** Appended to a line cut at `maxLineSize`, so a reader sees it is incomplete. */
export const TRUNCATION_MARKER = '…[truncated]';
const MARKER_BYTES = Buffer.byteLength(TRUNCATION_MARKER);

/** Loki's defaults for structured metadata per entry (`max_structured_metadata_entries_count`, `..._size`). */
const MAX_METADATA_ENTRIES = 128;
const MAX_METADATA_BYTES = 64 * 1024;

/** Flat `[name, value, name, value, ...]`; undefined when an entry has none. */
export type Metadata = string[] | undefined;

/** The line a record becomes, before any size limit. */
export function lineOf(record: ReadableLogRecord, config: ResolvedLokiConfig): string {
  return config.line === 'jsonl' ? formatDynamoLine(record, config.lineOptions) : messageText(record.body);
}

/** UTF-8 length, computed only when the string could exceed `limit` (a JS char is at most 3 bytes). */
export function exceedsBytes(line: string, limit: number): boolean {
  return line.length * 3 > limit && (line.length > limit || Buffer.byteLength(line, 'utf8') > limit);
}

/** Cuts a line to `maxBytes` including the marker. */
export function truncateLine(line: string, maxBytes: number): string {
  if (maxBytes <= MARKER_BYTES) return truncateUtf8(line, maxBytes);
  return truncateUtf8(line, maxBytes - MARKER_BYTES) + TRUNCATION_MARKER;
}

function metadataValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

const reportedMetadataCut = { done: false };

/**
 * Structured metadata for one entry: trace ids from the span context, then,
 * in `jsonl` mode, the configured high-cardinality keys (the line already
 * holds everything else); in `message` mode every attribute, the level and the
 * target, since the line holds only the message. Values are strings, as Loki
 * requires; the entry is capped at Loki's default count and size limits.
 */
export function metadataOf(record: ReadableLogRecord, config: ResolvedLokiConfig, keys: MetadataKeys): Metadata {
  let pairs: string[] | undefined;
  const spanContext = record.spanContext;
  if (spanContext !== undefined && isSpanContextValid(spanContext)) {
    pairs = ['trace_id', spanContext.traceId, 'span_id', spanContext.spanId];
  }
  const attributes = record.attributes as Record<string, unknown> | undefined;
  if (config.line === 'jsonl') {
    if (attributes === undefined) return pairs;
    for (let i = 0; i < keys.keys.length; i++) {
      const raw = attributes[keys.keys[i]!];
      if (raw === undefined || raw === null) continue;
      const value = typeof raw === 'string' ? raw : metadataValue(raw);
      if (value === undefined) continue;
      if (pairs === undefined) pairs = [keys.names[i]!, value];
      else pairs.push(keys.names[i]!, value);
    }
    return pairs;
  }
  pairs ??= [];
  pairs.push('level', dynamoLevel(record.severityNumber, record.severityText));
  const target = record.instrumentationScope?.name;
  if (target) pairs.push('target', target);
  let bytes = 0;
  for (const part of pairs) bytes += part.length;
  for (const key of Object.keys(attributes ?? {})) {
    if (key === 'trace_id' || key === 'span_id') continue;
    const value = metadataValue(attributes![key]);
    if (value === undefined) continue;
    const name = sanitizeLabelName(key);
    const size = Buffer.byteLength(name) + Buffer.byteLength(value);
    if (pairs.length / 2 >= MAX_METADATA_ENTRIES || bytes + size > MAX_METADATA_BYTES) {
      if (!reportedMetadataCut.done) {
        reportedMetadataCut.done = true;
        diag.warn(`Loki structured metadata is limited to ${MAX_METADATA_ENTRIES} entries and ${MAX_METADATA_BYTES} bytes per entry; further attributes were left out (first: ${key})`);
      }
      continue;
    }
    bytes += size;
    pairs.push(name, value);
  }
  return pairs;
}

/** Configured metadata keys and their sanitised names, computed once (index loops: this runs per record). */
export interface MetadataKeys {
  readonly keys: readonly string[];
  readonly names: readonly string[];
}

export function metadataKeys(config: ResolvedLokiConfig): MetadataKeys {
  return { keys: [...config.structuredMetadataKeys], names: config.structuredMetadataKeys.map(sanitizeLabelName) };
}
