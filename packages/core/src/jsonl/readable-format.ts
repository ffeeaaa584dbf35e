import { isSpanContextValid } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { jsonValue } from './json-value';
import { dynamoLevel, type DynamoLevel } from './level';
import { messageText } from './format-line';
import { formatLocalMicros, formatUtcMicros } from './time';

const COLOURS: Record<DynamoLevel, string> = { ERROR: '\x1b[31m', WARN: '\x1b[33m', INFO: '\x1b[32m', DEBUG: '\x1b[34m', TRACE: '\x1b[35m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export interface ReadableOptions {
  readonly localTime?: boolean;
  readonly ansi?: boolean;
}

/**
 * Dynamo's human-readable console form, as tracing-subscriber prints it:
 * `2025-10-31T21:06:45.397194Z DEBUG dynamo.http: Registering new stream method="POST"`.
 */
export function formatReadableLine(record: ReadableLogRecord, options: ReadableOptions = {}): string {
  const time = options.localTime ? formatLocalMicros(record.hrTime) : formatUtcMicros(record.hrTime);
  const level = dynamoLevel(record.severityNumber, record.severityText);
  const target = record.instrumentationScope?.name ?? '';
  const ansi = options.ansi ?? false;
  let line = ansi ? `${DIM}${time}${RESET} ${COLOURS[level]}${level.padStart(5)}${RESET} ` : `${time} ${level.padStart(5)} `;
  if (target) line += ansi ? `${DIM}${target}:${RESET} ` : `${target}: `;
  line += messageText(record.body);
  const attributes = record.attributes as Record<string, unknown>;
  for (const key of Object.keys(attributes).sort()) {
    if (key === 'exception.stacktrace') continue;
    const text = jsonValue(attributes[key]);
    if (text !== undefined) line += ansi ? ` ${DIM}${key}${RESET}=${text}` : ` ${key}=${text}`;
  }
  if (record.spanContext && isSpanContextValid(record.spanContext)) {
    line += ` trace_id=${record.spanContext.traceId} span_id=${record.spanContext.spanId}`;
  }
  const stack = attributes['exception.stacktrace'];
  if (typeof stack === 'string') line += '\n' + stack.replace(/^/gm, '    ');
  return line;
}
