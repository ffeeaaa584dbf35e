import { expect } from 'chai';
import { ConfigurationError, MissingBackendPackageError } from '@dynamo-logging/core';
import { exporterForBackend, loadBackendModule } from '../src/backend-loader';
import { resolveConfig } from '../src/config/resolve';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('loadBackendModule', () => {
  it('a package that is not installed (real import) gives MissingBackendPackageError naming it', async () => {
    const err = await rejection(loadBackendModule('kafka', '@dynamo-logging/exporter-kafka'));
    expect(err).to.be.instanceOf(MissingBackendPackageError);
    expect((err as MissingBackendPackageError).packageName).to.equal('@dynamo-logging/exporter-kafka');
    expect((err as Error).message).to.include('npm install @dynamo-logging/exporter-kafka');
    expect((err as Error).name).to.equal('MissingBackendPackageError');
  });

  it('a missing dependency of an installed package is not mistaken for the package itself', async () => {
    // The package resolves, but something it imports does not: the original error says what.
    const dependency: string = 'left-pad-dependency-that-does-not-exist';
    const importer = (): Promise<unknown> => import(dependency);
    const err = await rejection(loadBackendModule('loki', '@dynamo-logging/exporter-loki', importer));
    expect(err).to.not.be.instanceOf(MissingBackendPackageError);
    expect((err as { code?: string }).code).to.be.oneOf(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);
    expect((err as Error).message).to.include('left-pad-dependency-that-does-not-exist');
  });

  it('other import failures propagate as they are', async () => {
    const boom = new SyntaxError('Unexpected token');
    const err = await rejection(loadBackendModule('loki', '@dynamo-logging/exporter-loki', () => Promise.reject(boom)));
    expect(err).to.equal(boom);
  });

  it('a module without fromEnv() is a ConfigurationError', async () => {
    const err = await rejection(loadBackendModule('loki', '@dynamo-logging/exporter-loki', async () => ({ somethingElse: 1 })));
    expect(err).to.be.instanceOf(ConfigurationError);
    expect((err as Error).message).to.equal('@dynamo-logging/exporter-loki does not export fromEnv(); it cannot serve DYN_LOGGING_BACKEND=loki');
  });

  it('finds fromEnv as a named export or on the default export (CommonJS through import())', async () => {
    const fromEnv = (): never => {
      throw new Error('not called here');
    };
    expect((await loadBackendModule('a', 'a', async () => ({ fromEnv }))).fromEnv).to.equal(fromEnv);
    expect((await loadBackendModule('a', 'a', async () => ({ default: { fromEnv } }))).fromEnv).to.equal(fromEnv);
  });
});

describe('exporterForBackend otlp', () => {
  it('without @opentelemetry/exporter-logs-otlp-http (an optional peer) says what to install', async () => {
    const notFound = Object.assign(new Error("Cannot find module '@opentelemetry/exporter-logs-otlp-http'"), { code: 'MODULE_NOT_FOUND' });
    const config = resolveConfig({ env: {} }, false);
    const err = await rejection(exporterForBackend({ backend: 'otlp', config, env: {}, isTty: false, importer: () => Promise.reject(notFound) }));
    expect(err).to.be.instanceOf(MissingBackendPackageError);
    expect((err as Error).message).to.include('npm install @opentelemetry/exporter-logs-otlp-http');
  });
});
