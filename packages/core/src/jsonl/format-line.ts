import { isSpanContextValid } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { compareLineKeys } from '@dynamo-logging/semconv';
import { dynamoLevel } from './level';
import { jsonValue } from './json-value';
import { formatLocalMicros, formatUtcMicros } from './time';

export interface LineOptions {
  /** Print the local time with its offset instead of UTC (`DYN_LOG_USE_LOCAL_TZ`). */
  readonly localTime?: boolean;
}

/** Attribute keys that carry source position; they become `file` and `line`. */
const FILE_KEYS = ['code.file.path', 'code.filepath', 'file'];
const LINE_KEYS = ['code.line.number', 'code.lineno', 'line'];
/** Keys that exist only inside a span; dropped from records that have none. */
const SPAN_ONLY_KEYS = new Set(['trace_id', 'span_id', 'span_name', 'parent_id', 'tracestate']);
const FIXED_KEYS = new Set(['time', 'level', 'target', 'message', ...FILE_KEYS, ...LINE_KEYS]);

const SPAN_DETAIL_KEYS = ['span_name', 'parent_id', 'tracestate'] as const;

/**
 * Records from one call site carry the same keys in the same order, so the
 * sorted order of the previous record's keys is kept and reused when the
 * next record's keys are the same list.
 */
let lastKeys: readonly string[] = [];
let lastOrder: number[] = [];

function sortedOrder(keys: string[]): number[] {
  if (keys.length === lastKeys.length) {
    let same = true;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== lastKeys[i]) {
        same = false;
        break;
      }
    }
    if (same) return lastOrder;
  }
  // Code-point order (UTF-8 byte order), as the Rust writer's sorted map; `<` compares UTF-16 units.
  const order = keys.map((_, i) => i).sort((a, b) => compareLineKeys(keys[a]!, keys[b]!));
  lastKeys = keys;
  lastOrder = order;
  return order;
}

const QUOTED = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = QUOTED.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED.size >= 4096) QUOTED.clear();
    QUOTED.set(key, quoted);
  }
  return quoted;
}

function firstPresent(attributes: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) {
    const value = attributes[key];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

export function messageText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null) return '';
  return jsonValue(body) ?? '';
}

/**
 * The Dynamo JSONL line for one record, without the trailing newline: `time`,
 * `level`, `file`, `line`, `target`, `message`, then every other key sorted,
 * compact, no nulls. The same bytes go to the console and to Loki.
 */
export function formatDynamoLine(record: ReadableLogRecord, options: LineOptions = {}): string {
  const attributes = (record.attributes ?? {}) as Record<string, unknown>;
  const time = options.localTime ? formatLocalMicros(record.hrTime) : formatUtcMicros(record.hrTime);
  let line = '{"time":"' + time + '","level":"' + dynamoLevel(record.severityNumber, record.severityText) + '"';

  const file = firstPresent(attributes, FILE_KEYS);
  if (file !== undefined) line += ',"file":' + JSON.stringify(String(file));
  const lineNo = firstPresent(attributes, LINE_KEYS);
  // Only a line number the schema accepts: a non-negative integer (as a number or digits).
  const lineNumber = typeof lineNo === 'number' ? lineNo : typeof lineNo === 'string' && /^[0-9]{1,15}$/.test(lineNo) ? Number(lineNo) : Number.NaN;
  if (Number.isSafeInteger(lineNumber) && lineNumber >= 0) line += ',"line":' + lineNumber;
  const target = record.instrumentationScope?.name;
  if (target) line += ',"target":' + JSON.stringify(target);
  line += ',"message":' + JSON.stringify(messageText(record.body));

  const spanContext = record.spanContext;
  const inSpan = spanContext !== undefined && isSpanContextValid(spanContext);
  const keys: string[] = [];
  const texts: string[] = [];
  for (const key in attributes) {
    if (FIXED_KEYS.has(key) || SPAN_ONLY_KEYS.has(key)) continue;
    const text = jsonValue(attributes[key]);
    if (text === undefined) continue;
    keys.push(key);
    texts.push(text);
  }
  if (inSpan) {
    keys.push('trace_id', 'span_id');
    texts.push('"' + spanContext.traceId + '"', '"' + spanContext.spanId + '"');
    for (const key of SPAN_DETAIL_KEYS) {
      const text = jsonValue(attributes[key]);
      if (text === undefined) continue;
      keys.push(key);
      texts.push(text);
    }
  }
  const order = sortedOrder(keys);
  for (let i = 0; i < order.length; i++) {
    const at = order[i]!;
    line += ',' + quotedKey(keys[at]!) + ':' + texts[at];
  }
  return line + '}';
}
