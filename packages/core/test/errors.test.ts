import { expect } from 'chai';
import { ConfigurationError, DynamoLoggingError, MissingBackendPackageError } from '@dynamo-logging/core';

describe('errors', () => {
  it('carry stable codes, their class name, and the cause', () => {
    const cause = new Error('root');
    const config = new ConfigurationError('DYN_LOKI_URL is required', { cause });
    expect(config).to.be.instanceOf(DynamoLoggingError).and.instanceOf(Error);
    expect([config.name, config.code, config.message, config.cause]).to.deep.equal(['ConfigurationError', 'DYN_LOGGING_CONFIG', 'DYN_LOKI_URL is required', cause]);

    const missing = new MissingBackendPackageError('elastic', '@dynamo-logging/exporter-elastic');
    expect(missing).to.be.instanceOf(DynamoLoggingError);
    expect([missing.name, missing.code, missing.packageName]).to.deep.equal([
      'MissingBackendPackageError',
      'DYN_LOGGING_MISSING_BACKEND',
      '@dynamo-logging/exporter-elastic',
    ]);
    expect(missing.message).to.equal(
      'DYN_LOGGING_BACKEND=elastic needs the package @dynamo-logging/exporter-elastic; install it with: npm install @dynamo-logging/exporter-elastic',
    );
  });
});
