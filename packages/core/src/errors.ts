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
