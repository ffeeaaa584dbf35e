/**
 * Errors the library throws, all at configuration time (the logging path never
 * throws). Each carries a stable `code`, as undici does, so callers can branch
 * on it without parsing messages. Messages never contain credentials.
 */
export class DynamoLoggingError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A bad option or environment value that cannot be replaced by a default (a missing endpoint, say). */
export class ConfigurationError extends DynamoLoggingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DYN_LOGGING_CONFIG', message, options);
  }
}

/** `DYN_LOGGING_BACKEND` names a backend whose package is not installed. */
export class MissingBackendPackageError extends DynamoLoggingError {
  readonly packageName: string;
  constructor(backend: string, packageName: string, options?: { cause?: unknown }) {
    super(
      'DYN_LOGGING_MISSING_BACKEND',
      `DYN_LOGGING_BACKEND=${backend} needs the package ${packageName}; install it with: npm install ${packageName}`,
      options,
    );
    this.packageName = packageName;
  }
}

/**
 * A request outside the log path (`DeliveryExporter.send()`: an index template, a health check) that got no
 * answer, or an answer its caller refuses (Elastic's `ensureIndexTemplate()`). `code` tells which; the cause keeps
 * the underlying error's name and code (`ECONNREFUSED`) with credentials masked out of its message.
 */
export class DeliveryRequestError extends DynamoLoggingError {
  /** The HTTP status when the server answered; undefined when no answer came. */
  readonly statusCode: number | undefined;
  constructor(code: DeliveryRequestErrorCode, message: string, options?: { cause?: unknown; statusCode?: number }) {
    super(code, message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.statusCode = options?.statusCode;
  }
}

export type DeliveryRequestErrorCode =
  /** No answer: connection refused or reset, TLS failure, timeout. */
  | 'DYN_LOGGING_REQUEST_FAILED'
  /** The server answered with a status the caller does not accept. */
  | 'DYN_LOGGING_REQUEST_REFUSED'
  /** The request cannot be made with this configuration (Elastic's index template with mapping=otel). */
  | 'DYN_LOGGING_REQUEST_UNSUPPORTED';

/**
 * A copy of `err` safe to keep as a cause: its name and code (`ECONNREFUSED`, `ETIMEDOUT`) survive, its message
 * goes through `redact`, and nothing else (a stack can quote a URL with its password) is kept.
 */
export function redactedCause(err: unknown, redact: (text: string) => string): Error {
  const source = err instanceof Error ? err : undefined;
  const copy = new Error(redact(source !== undefined ? source.message : String(err)));
  if (source !== undefined) copy.name = source.name;
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
