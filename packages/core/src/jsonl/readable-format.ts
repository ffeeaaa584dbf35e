import { isSpanContextValid } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { jsonValue } from './json-value';
import { escapeControl } from './escape-control';
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
  // The JSONL form cannot be forged because JSON escapes; this form prints text, so it escapes too.
  const target = escapeControl(record.instrumentationScope?.name ?? '');
  const ansi = options.ansi ?? false;
  let line = ansi ? `${DIM}${time}${RESET} ${COLOURS[level]}${level.padStart(5)}${RESET} ` : `${time} ${level.padStart(5)} `;
  if (target) line += ansi ? `${DIM}${target}:${RESET} ` : `${target}: `;
  line += escapeControl(messageText(record.body));
  const attributes = record.attributes as Record<string, unknown>;
  for (const key of Object.keys(attributes).sort()) {
    if (key === 'exception.stacktrace') continue;
    const value = jsonValue(attributes[key]);
    if (value === undefined) continue;
    // JSON leaves DEL, C1 and bidi controls raw; the key is not JSON at all.
    const text = escapeControl(value);
    const name = escapeControl(key);
    line += ansi ? ` ${DIM}${name}${RESET}=${text}` : ` ${name}=${text}`;
  }
  if (record.spanContext && isSpanContextValid(record.spanContext)) {
    line += ` trace_id=${record.spanContext.traceId} span_id=${record.spanContext.spanId}`;
  }
  const stack = attributes['exception.stacktrace'];
  // The stack keeps its own line breaks (each indented), but nothing else a terminal would act on.
  if (typeof stack === 'string') line += '\n' + stack.split('\n').map((l) => '    ' + escapeControl(l)).join('\n');
  return line;
}
