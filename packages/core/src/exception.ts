import { wellFormed } from './sanitize';

const MAX_CAUSES = 8;

function safeString(value: unknown, fallback: string): string {
  try {
    return typeof value === 'string' ? wellFormed(value) : fallback;
  } catch {
    return fallback;
  }
}

function typeOf(err: object): string {
  const name = safeString((err as { name?: unknown }).name, '');
  if (name) return name;
  const ctor = (err as { constructor?: { name?: unknown } }).constructor;
  return safeString(ctor?.name, 'Error') || 'Error';
}

/**
 * OTel's exception attributes for an error, with its `cause` chain (and
 * AggregateError members) appended to the stack trace the way Node prints
 * them, so the root cause survives into the backend.
 */
export function exceptionAttributes(err: unknown): Record<string, string> {
  if (err === null || typeof err !== 'object') {
    return { 'exception.type': typeof err, 'exception.message': safeString(String(err), '') };
  }
  const type = typeOf(err);
  const message = safeString((err as { message?: unknown }).message, '');
  let stack = safeString((err as { stack?: unknown }).stack, `${type}: ${message}`);
  const seen = new Set<object>([err]);
  let cause: unknown = readCause(err);
  for (let depth = 0; cause !== undefined && depth < MAX_CAUSES; depth++) {
    if (cause !== null && typeof cause === 'object') {
      if (seen.has(cause)) {
        stack += '\n[cause]: [Circular]';
        break;
      }
      seen.add(cause);
      const causeType = typeOf(cause);
      const causeMessage = safeString((cause as { message?: unknown }).message, '');
      stack += '\n[cause]: ' + safeString((cause as { stack?: unknown }).stack, `${causeType}: ${causeMessage}`);
      cause = readCause(cause);
    } else {
      stack += '\n[cause]: ' + safeString(String(cause), '');
      break;
    }
  }
  if (err instanceof AggregateError) {
    for (const inner of err.errors.slice(0, MAX_CAUSES)) {
      stack += '\n[errors]: ' + (inner instanceof Error ? safeString(inner.stack, String(inner)) : safeString(String(inner), ''));
    }
  }
  return { 'exception.type': type, 'exception.message': message, 'exception.stacktrace': stack };
}

function readCause(err: object): unknown {
  try {
    return (err as { cause?: unknown }).cause;
  } catch {
    return undefined;
  }
}

/** Whether `error()`'s first argument is an error rather than a message. */
export function isErrorLike(value: unknown): value is Error {
  return value instanceof Error || (value !== null && typeof value === 'object' && typeof (value as Error).stack === 'string' && 'message' in value);
}
