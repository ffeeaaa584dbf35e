import { expect } from 'chai';
import { ConfigurationError, DeliveryRequestError, DynamoLoggingError, MissingBackendPackageError } from '@dynamo-logging/core';
import { redactedCause } from '@dynamo-logging/core/delivery';

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

  it('DeliveryRequestError carries its code and status; redactedCause keeps name and code, masks the message, drops the stack', () => {
    const err = new DeliveryRequestError('DYN_LOGGING_REQUEST_REFUSED', 'HTTP 401', { statusCode: 401 });
    expect(err).to.be.instanceOf(DynamoLoggingError);
    expect([err.name, err.code, err.statusCode]).to.deep.equal(['DeliveryRequestError', 'DYN_LOGGING_REQUEST_REFUSED', 401]);
    const source = Object.assign(new Error('connect to http://u:s3cret@h failed'), { code: 'ECONNREFUSED' });
    const cause = redactedCause(source, (text) => text.replaceAll('s3cret', '[REDACTED]')) as Error & { code?: string };
    expect([cause.name, cause.code, cause.message]).to.deep.equal(['Error', 'ECONNREFUSED', 'connect to http://u:[REDACTED]@h failed']);
    expect(cause.stack).not.to.include('s3cret');
  });
});
