import { escapeControl } from './escape-text';
import { normaliseLevel, type DynamoLevel } from './level';
import type { LogRecordObject } from './parse-record';

// The colours of @dynamo-logging/core's readable console form (jsonl/readable-format.ts).
const COLOURS: Record<DynamoLevel, string> = { ERROR: '\x1b[31m', WARN: '\x1b[33m', INFO: '\x1b[32m', DEBUG: '\x1b[34m', TRACE: '\x1b[35m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** Keys the head of the readable line shows; every other key follows as key=value. */
const HEAD_KEYS = new Set(['time', 'level', 'file', 'line', 'target', 'message', 'exception.stacktrace', 'trace_id', 'span_id']);
const STACK_INDENT = '    ';

function timeText(value: unknown): string {
  if (typeof value === 'string') return escapeControl(value);
  // pino writes epoch milliseconds.
  if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 8.64e15) return new Date(value).toISOString();
  return value === undefined ? '' : escapeControl(JSON.stringify(value));
}

/** A value as the readable form prints it: strings quoted (JSON), numbers and booleans bare, objects as compact JSON. */
function valueText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return escapeControl(JSON.stringify(value));
    case 'number':
    case 'boolean':
      return String(value);
    default:
      return escapeControl(JSON.stringify(value) ?? String(value));
  }
}

function idText(value: unknown): string {
  return typeof value === 'string' ? escapeControl(value) : valueText(value);
}

function messageOf(record: LogRecordObject): string {
  const message = record['message'] !== undefined ? record['message'] : record['msg'];
  if (message === undefined || message === null) return '';
  return typeof message === 'string' ? escapeControl(message) : valueText(message);
}

/**
 * One record in Dynamo's readable form, laid out as @dynamo-logging/core's
 * console and tracing-subscriber print it:
 * `2025-10-31T21:06:45.397194Z DEBUG dynamo.http: src/server.rs:230: Registering new stream method="POST" trace_id=... span_id=...`,
 * then `exception.stacktrace`, if any, on the following lines indented by four
 * spaces. Every control character of the input is escaped, so the text of one
 * record never starts a line that looks like another record.
 */
export function formatPrettyRecord(record: LogRecordObject, ansi: boolean): string {
  const time = timeText(record['time']);
  const rawLevel = record['level'];
  const level = normaliseLevel(rawLevel);
  const levelText = level ?? (rawLevel === undefined ? '' : escapeControl(String(rawLevel)));
  let out = '';
  if (ansi) {
    if (time !== '') out += DIM + time + RESET + ' ';
    out += (level ? COLOURS[level] : '') + levelText.padStart(5) + RESET + ' ';
  } else {
    if (time !== '') out += time + ' ';
    out += levelText.padStart(5) + ' ';
  }
  const target = record['target'];
  if (typeof target === 'string' && target !== '') out += ansi ? DIM + escapeControl(target) + ':' + RESET + ' ' : escapeControl(target) + ': ';
  const file = record['file'];
  if (typeof file === 'string' && file !== '') {
    const line = record['line'];
    const where = escapeControl(file) + (typeof line === 'number' ? ':' + line : '') + ': ';
    out += ansi ? DIM + where + RESET : where;
  }
  out += messageOf(record);

  const usesMsg = record['message'] === undefined;
  for (const key in record) {
    if (HEAD_KEYS.has(key) || (usesMsg && key === 'msg')) continue;
    const value = record[key];
    if (value === undefined) continue;
    const k = escapeControl(key);
    out += ansi ? ' ' + DIM + k + RESET + '=' + valueText(value) : ' ' + k + '=' + valueText(value);
  }
  const traceId = record['trace_id'];
  if (traceId !== undefined) out += ' trace_id=' + idText(traceId);
  const spanId = record['span_id'];
  if (spanId !== undefined) out += ' span_id=' + idText(spanId);

  const stack = record['exception.stacktrace'];
  if (typeof stack === 'string') {
    for (const frame of stack.split(/\r?\n/)) out += '\n' + STACK_INDENT + escapeControl(frame);
  } else if (stack !== undefined) {
    out += ' exception.stacktrace=' + valueText(stack);
  }
  return out;
}

/**
 * A line that is not a JSON object, as `pretty` prints it: unchanged, except
 * that control characters other than tab are escaped (so it cannot forge a
 * line or drive the terminal either).
 */
export function formatPassThrough(line: string): string {
  return line.indexOf('\t') < 0 ? escapeControl(line) : line.split('\t').map(escapeControl).join('\t');
}
