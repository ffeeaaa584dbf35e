import { wellFormed } from './sanitize';

const MAX_CAUSES = 8;

function safeString(value: unknown, fallback: string): string {
  try {
    return typeof value === 'string' ? wellFormed(value) : fallback;
  } catch {
    return fallback;
  }
}

/** A property read that a throwing getter or Proxy trap cannot turn into a throw. */
function read(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function typeOf(err: object): string {
  const name = safeString(read(err, 'name'), '');
  if (name) return name;
  const ctor = read(err, 'constructor');
  return safeString(ctor !== null && typeof ctor === 'function' ? read(ctor, 'name') : undefined, 'Error') || 'Error';
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
  const message = safeString(read(err, 'message'), '');
  let stack = safeString(read(err, 'stack'), `${type}: ${message}`);
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
      const causeMessage = safeString(read(cause, 'message'), '');
      stack += '\n[cause]: ' + safeString(read(cause, 'stack'), `${causeType}: ${causeMessage}`);
      cause = readCause(cause);
    } else {
      stack += '\n[cause]: ' + safeString(String(cause), '');
      break;
    }
  }
  const inners = err instanceof AggregateError ? read(err, 'errors') : undefined;
  if (Array.isArray(inners)) {
    for (const inner of inners.slice(0, MAX_CAUSES)) {
      const text =
        inner !== null && typeof inner === 'object'
          ? safeString(read(inner, 'stack'), `${typeOf(inner)}: ${safeString(read(inner, 'message'), '')}`)
          : safeString(String(inner), '');
      stack += '\n[errors]: ' + text;
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
  try {
    return value instanceof Error || (value !== null && typeof value === 'object' && typeof (value as Error).stack === 'string' && 'message' in value);
  } catch {
    // A Proxy whose traps throw is no error; it is logged as an unserializable message.
    return false;
  }
}
