import { formatDynamoLine, jsonValue, type LineOptions } from '@dynamo-logging/core/delivery';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { truncateUtf8 } from './labels';

/** Ends a value cut at `maxLineSize`, so a reader sees it is incomplete. */
export const VALUE_TRUNCATION_MARKER = '…[truncated]';
const MARKER_BYTES = Buffer.byteLength(VALUE_TRUNCATION_MARKER);
/** Values cut before giving up: each pass cuts the largest remaining one. */
const MAX_PASSES = 8;

type Place = { readonly kind: 'body' } | { readonly kind: 'attribute'; readonly key: string };

/**
 * A Dynamo JSONL line over `maxBytes`, cut inside its values so it stays one
 * valid JSON object with its keys in order: the largest value (the message or
 * an attribute) is shortened first, a string keeping its head and the marker,
 * anything else becoming the marker. Undefined when even that cannot fit
 * (a limit smaller than the fixed fields), so the caller drops and counts it.
 */
export function truncateJsonLine(record: ReadableLogRecord, line: string, maxBytes: number, options?: LineOptions): string | undefined {
  let current = record;
  let body = record.body;
  let attributes = (record.attributes ?? {}) as Record<string, unknown>;
  let text = line;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const excess = Buffer.byteLength(text, 'utf8') - maxBytes;
    if (excess <= 0) return text;
    const place = largestValue(body, attributes);
    if (place === undefined) return undefined;
    const value = place.kind === 'body' ? body : attributes[place.key];
    // Removing n raw bytes removes at least n bytes of their JSON form, escapes included.
    const keep = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') - excess - MARKER_BYTES : 0;
    const shortened = keep > 0 ? truncateUtf8(value as string, keep) + VALUE_TRUNCATION_MARKER : VALUE_TRUNCATION_MARKER;
    if (place.kind === 'body') body = shortened;
    else attributes = { ...attributes, [place.key]: shortened };
    current = withValues(record, body, attributes);
    text = formatDynamoLine(current, options);
  }
  return Buffer.byteLength(text, 'utf8') <= maxBytes ? text : undefined;
}

// An SDK record keeps its fields behind getters, which a spread would lose.
function withValues(original: ReadableLogRecord, body: unknown, attributes: Record<string, unknown>): ReadableLogRecord {
  return {
    hrTime: original.hrTime,
    hrTimeObserved: original.hrTimeObserved,
    spanContext: original.spanContext,
    severityText: original.severityText,
    severityNumber: original.severityNumber,
    body,
    resource: original.resource,
    instrumentationScope: original.instrumentationScope,
    attributes,
    droppedAttributesCount: original.droppedAttributesCount,
  } as ReadableLogRecord;
}

/** The message or attribute whose JSON form is longest, unless it is already just the marker. */
function largestValue(body: unknown, attributes: Record<string, unknown>): Place | undefined {
  let best: Place | undefined;
  let bestSize = MARKER_BYTES + 2;
  const bodySize = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') + 2 : byteSize(jsonValue(body));
  if (bodySize > bestSize) {
    best = { kind: 'body' };
    bestSize = bodySize;
  }
  for (const key in attributes) {
    const value = attributes[key];
    const size = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') + 2 : byteSize(jsonValue(value));
    if (size > bestSize) {
      best = { kind: 'attribute', key };
      bestSize = size;
    }
  }
  return best;
}

function byteSize(text: string | undefined): number {
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}
