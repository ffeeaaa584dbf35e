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
  const rest: Array<[string, string]> = [];
  for (const key of Object.keys(attributes)) {
    if (FIXED_KEYS.has(key) || SPAN_ONLY_KEYS.has(key)) continue;
    const text = jsonValue(attributes[key]);
    if (text !== undefined) rest.push([key, text]);
  }
  if (inSpan) {
    rest.push(['trace_id', '"' + spanContext.traceId + '"'], ['span_id', '"' + spanContext.spanId + '"']);
    for (const key of ['span_name', 'parent_id', 'tracestate']) {
      const text = jsonValue(attributes[key]);
      if (text !== undefined) rest.push([key, text]);
    }
  }
  // Code-point order (UTF-8 byte order), as the Rust writer's sorted map; `<` compares UTF-16 units.
  rest.sort((a, b) => compareLineKeys(a[0], b[0]));
  for (const [key, text] of rest) line += ',' + JSON.stringify(key) + ':' + text;
  return line + '}';
}
