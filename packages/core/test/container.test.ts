import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { disableGlobalLoggerProvider, globalLoggerProvider, SeverityNumber } from '../src/otel-line';
import { InMemoryLogRecordExporter } from '@opentelemetry/sdk-logs';
import { expect } from 'chai';
import { ConfigurationError, DynamoJsonlExporter, LogContainer, MissingBackendPackageError } from '@dynamo-logging/core';
import { WorkerExporter } from '../src/delivery/worker/worker-exporter';
import { captureDiag } from './fixtures/diag-capture';
import { RecordingExporter } from './fixtures/recording-exporter';
import { startTestContainer, TEST_RESOURCE } from './fixtures/start-container';

/** The default console exporter: Dynamo JSONL written from the delivery worker (or inline, when asked). */
function isConsoleExporter(exporter: unknown): boolean {
  return exporter instanceof DynamoJsonlExporter || (exporter instanceof WorkerExporter && exporter.backend === 'jsonl');
}

function exporterOf(container: LogContainer): unknown {
  // The SwitchableExporter's current target; private, read for the test only.
  return (container as unknown as { exporter: { target: unknown } }).exporter.target;
}

describe('LogContainer', () => {
  describe('DYN_LOG directives', () => {
    it('apply to facade loggers and to loggers taken from the provider directly (bridges)', async () => {
      const t = startTestContainer({ env: { DYN_LOG: 'warn,dynamo.http=debug,dynamo.http.sse=off' } });
      try {
        const http = t.container.createLogger('dynamo.http');
        const kv = t.container.createLogger('dynamo.kv');
        const sse = t.container.createLogger('dynamo.http.sse');
        http.debug('facade http debug');
        http.trace('facade http trace');
        kv.info('facade kv info');
        kv.warn('facade kv warn');
        sse.error('facade sse error');
        const bridge = (name: string, severityNumber: SeverityNumber, body: string): void =>
          t.container.loggerProvider.getLogger(name).emit({ severityNumber, body });
        bridge('dynamo.http.client', SeverityNumber.DEBUG, 'bridge http debug');
        bridge('dynamo.http.client', SeverityNumber.TRACE, 'bridge http trace');
        bridge('pino', SeverityNumber.INFO, 'bridge pino info');
        bridge('pino', SeverityNumber.ERROR, 'bridge pino error');
        bridge('dynamo.http.sse', SeverityNumber.FATAL, 'bridge sse fatal');
        expect((await t.records()).map((r) => r.body)).to.deep.equal(['facade http debug', 'facade kv warn', 'bridge http debug', 'bridge pino error']);
      } finally {
        await t.container.shutdown();
      }
    });

    it('the level option beats DYN_LOG', async () => {
      const t = startTestContainer({ level: 'error', env: { DYN_LOG: 'trace' } });
      try {
        t.container.createLogger('a').warn('no');
        t.container.loggerProvider.getLogger('b').emit({ severityNumber: SeverityNumber.WARN, body: 'no' });
        t.container.createLogger('a').error('yes');
        expect((await t.records()).map((r) => r.body)).to.deep.equal(['yes']);
      } finally {
        await t.container.shutdown();
      }
    });
  });

  it('createLogger binds attributes and names an unnamed logger "default"', async () => {
    const t = startTestContainer();
    try {
      t.container.createLogger('svc', { component: 'frontend', when: new Date(0) }).info('bound');
      t.container.createLogger('' as string).info('unnamed');
      t.container.createLogger('svc', 'nonsense' as never).info('bad attrs');
      const [a, b, c] = await t.records();
      expect(a!.attributes).to.deep.equal({ component: 'frontend', when: '1970-01-01T00:00:00.000Z' });
      expect(b!.instrumentationScope.name).to.equal('default');
      expect(c!.attributes).to.deep.equal({});
      expect(a!.resource.attributes).to.include(TEST_RESOURCE);
    } finally {
      await t.container.shutdown();
    }
  });

  describe('configureBackend', () => {
    it('flushes the old exporter before the swap: records before go to the old, after to the new, none lost', async () => {
      const oldExporter = new RecordingExporter();
      const newExporter = new RecordingExporter();
      const container = LogContainer.start({
        resource: TEST_RESOURCE,
        env: {},
        exporter: oldExporter,
        batch: { scheduledDelayMillis: 60_000 },
        exitHooks: false,
        registerGlobal: false,
      });
      const log = container.createLogger('swap');
      for (let i = 0; i < 5; i++) log.info(`before ${i}`);
      expect(oldExporter.records).to.have.length(0);
      await container.configureBackend(newExporter);
      expect(oldExporter.bodies()).to.deep.equal(['before 0', 'before 1', 'before 2', 'before 3', 'before 4']);
      expect(oldExporter.calls.slice(-2)).to.deep.equal(['forceFlush', 'shutdown']);
      expect(oldExporter.calls.indexOf('export')).to.be.lessThan(oldExporter.calls.indexOf('shutdown'));
      for (let i = 0; i < 3; i++) log.info(`after ${i}`);
      await container.exportLogs();
      expect(newExporter.bodies()).to.deep.equal(['after 0', 'after 1', 'after 2']);
      expect(oldExporter.records).to.have.length(5);
      await container.shutdown();
      expect(newExporter.isShutdown).to.equal(true);
    });

    it('swapping to the same exporter is a no-op', async () => {
      const exporter = new RecordingExporter();
      const container = LogContainer.start({ resource: TEST_RESOURCE, env: {}, exporter, exitHooks: false, registerGlobal: false });
      await container.configureBackend(exporter);
      expect(exporter.isShutdown).to.equal(false);
      await container.shutdown();
    });

    it('takes a backend name configured from env', async () => {
      const t = startTestContainer();
      await t.container.configureBackend('jsonl');
      expect(isConsoleExporter(exporterOf(t.container))).to.equal(true);
      await t.container.shutdown();
    });

    it('rejects something that is not an exporter with a ConfigurationError', async () => {
      const t = startTestContainer();
      try {
        const err = await t.container.configureBackend({ export: 1 } as never).then(() => undefined, (e: unknown) => e);
        expect(err).to.be.instanceOf(ConfigurationError);
        expect((err as ConfigurationError).code).to.equal('DYN_LOGGING_CONFIG');
      } finally {
        await t.container.shutdown();
      }
    });

    it('after shutdown throws ConfigurationError', async () => {
      const t = startTestContainer();
      await t.container.shutdown();
      const err = await t.container.configureBackend(new InMemoryLogRecordExporter()).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(ConfigurationError);
      expect((err as Error).message).to.include('after shutdown');
    });
  });

  describe('exportLogs and shutdown', () => {
    it('exportLogs delivers everything queued; shutdown flushes, is idempotent, and stops logging', async () => {
      const exporter = new RecordingExporter();
      const container = LogContainer.start({
        resource: TEST_RESOURCE,
        env: {},
        exporter,
        batch: { scheduledDelayMillis: 60_000 },
        exitHooks: false,
        registerGlobal: false,
      });
      const log = container.createLogger('x');
      log.info('one');
      await container.exportLogs();
      expect(exporter.bodies()).to.deep.equal(['one']);
      log.info('two');
      const first = container.shutdown();
      expect(container.shutdown()).to.equal(first);
      await first;
      expect(exporter.bodies()).to.deep.equal(['one', 'two']);
      expect(exporter.isShutdown).to.equal(true);
      expect(() => log.info('after shutdown')).to.not.throw();
      expect(exporter.bodies()).to.deep.equal(['one', 'two']);
    });

    it('installs exit hooks by default and removes them on shutdown', async () => {
      const before = ['SIGTERM', 'SIGINT', 'beforeExit'].map((e) => process.listenerCount(e));
      const container = LogContainer.start({ resource: TEST_RESOURCE, env: {}, exporter: new InMemoryLogRecordExporter(), registerGlobal: false });
      expect(['SIGTERM', 'SIGINT', 'beforeExit'].map((e) => process.listenerCount(e))).to.deep.equal(before.map((n) => n + 1));
      await container.shutdown();
      expect(['SIGTERM', 'SIGINT', 'beforeExit'].map((e) => process.listenerCount(e))).to.deep.equal(before);
      const none = LogContainer.start({ resource: TEST_RESOURCE, env: {}, exporter: new InMemoryLogRecordExporter(), registerGlobal: false, exitHooks: false });
      expect(['SIGTERM', 'SIGINT', 'beforeExit'].map((e) => process.listenerCount(e))).to.deep.equal(before);
      await none.shutdown();
    });
  });

  describe('global registration', () => {
    beforeEach(() => disableGlobalLoggerProvider());
    afterEach(() => disableGlobalLoggerProvider());

    it('the provider becomes the global one, bridges reach it, and shutdown() disables it', async () => {
      const exporter = new InMemoryLogRecordExporter();
      const container = LogContainer.start({ resource: TEST_RESOURCE, env: {}, exporter, exitHooks: false });
      expect(globalLoggerProvider()).to.equal(container.loggerProvider);
      globalLoggerProvider().getLogger('bridge').emit({ severityNumber: SeverityNumber.INFO, body: 'via global' });
      await container.exportLogs();
      expect(exporter.getFinishedLogRecords().map((r) => r.body)).to.deep.equal(['via global']);
      await container.shutdown();
      expect(globalLoggerProvider()).to.not.equal(container.loggerProvider);
    });

    it('a second container while one is global gets a diag warning and leaves the first global', async () => {
      const first = LogContainer.start({ resource: TEST_RESOURCE, env: {}, exporter: new InMemoryLogRecordExporter(), exitHooks: false });
      const { result: second, entries } = await captureDiag(() =>
        LogContainer.start({ resource: TEST_RESOURCE, env: {}, exporter: new InMemoryLogRecordExporter(), exitHooks: false }),
      );
      // Only our own messages: on the 3.x line @opentelemetry/api also reports the duplicate registration itself.
      expect(entries.map((e) => e.message).filter((m) => m.startsWith('dynamo-logging:'))).to.deep.equal([
        'dynamo-logging: another LoggerProvider is already global; OTel bridges (pino, winston) will not reach this container',
      ]);
      expect(globalLoggerProvider()).to.equal(first.loggerProvider);
      await second.shutdown();
      expect(globalLoggerProvider()).to.equal(first.loggerProvider);
      await first.shutdown();
      expect(globalLoggerProvider()).to.not.equal(first.loggerProvider);
    });

    it('registerGlobal: false leaves the global provider alone', async () => {
      const container = LogContainer.start({ resource: TEST_RESOURCE, env: {}, exporter: new InMemoryLogRecordExporter(), exitHooks: false, registerGlobal: false });
      expect(globalLoggerProvider()).to.not.equal(container.loggerProvider);
      await container.shutdown();
    });
  });

  describe('backend switching (fromEnv)', () => {
    it('DYN_LOGGING_BACKEND=jsonl gives the Dynamo JSONL exporter, as does no setting', async () => {
      for (const env of [{ DYN_LOGGING_BACKEND: 'jsonl' }, {}]) {
        const container = await LogContainer.fromEnv({ resource: TEST_RESOURCE, env, exitHooks: false, registerGlobal: false });
        expect(isConsoleExporter(exporterOf(container))).to.equal(true);
        expect(exporterOf(container)).to.be.instanceOf(WorkerExporter);
        expect(container.settings.backend).to.equal('jsonl');
        await container.shutdown();
      }
    });

    it("delivery 'inline' (or DYN_LOGGING_DELIVERY=inline) writes the console lines from the event loop", async () => {
      for (const options of [{ delivery: 'inline' as const, env: {} }, { env: { DYN_LOGGING_DELIVERY: 'inline' } }]) {
        const container = await LogContainer.fromEnv({ resource: TEST_RESOURCE, ...options, exitHooks: false, registerGlobal: false });
        expect(exporterOf(container)).to.be.instanceOf(DynamoJsonlExporter);
        expect(container.settings.delivery).to.equal('inline');
        await container.shutdown();
      }
      expect(() => LogContainer.start({ resource: TEST_RESOURCE, env: {}, delivery: 'thread' as never, exitHooks: false, registerGlobal: false })).to.throw(ConfigurationError, /delivery/);
    });

    it('an exporter option beats DYN_LOGGING_BACKEND', async () => {
      const exporter = new InMemoryLogRecordExporter();
      const container = await LogContainer.fromEnv({ resource: TEST_RESOURCE, env: { DYN_LOGGING_BACKEND: 'loki' }, exporter, exitHooks: false, registerGlobal: false });
      expect(exporterOf(container)).to.equal(exporter);
      await container.shutdown();
    });

    describe('otlp', () => {
      let server: Server;
      let url: string;
      const requests: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: string }> = [];
      before(async () => {
        server = createServer((req, res) => {
          let body = '';
          req.setEncoding('utf8');
          req.on('data', (c: string) => (body += c));
          req.on('end', () => {
            requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end('{}');
          });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      after(async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      });
      beforeEach(() => {
        requests.length = 0;
      });

      function bodiesOf(body: string): unknown[] {
        const parsed = JSON.parse(body) as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<{ body: { stringValue: string } }> }> }> };
        return parsed.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords.map((r) => r.body.stringValue)));
      }

      it('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: the records arrive as a POST with the headers', async () => {
        const container = await LogContainer.fromEnv({
          resource: TEST_RESOURCE,
          env: { DYN_LOGGING_BACKEND: 'otlp', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${url}/v1/logs`, OTEL_EXPORTER_OTLP_HEADERS: 'x-test=abc%20d' },
          exitHooks: false,
          registerGlobal: false,
        });
        container.createLogger('otlp.test').info('hello otlp', { model: 'llama' });
        await container.exportLogs();
        await container.shutdown();
        expect(requests).to.have.length(1);
        expect(requests[0]!.method).to.equal('POST');
        expect(requests[0]!.path).to.equal('/v1/logs');
        expect(requests[0]!.headers['x-test']).to.equal('abc d');
        expect(requests[0]!.headers['content-type']).to.equal('application/json');
        expect(bodiesOf(requests[0]!.body)).to.deep.equal(['hello otlp']);
        expect(requests[0]!.body).to.include('"model"').and.include('llama').and.include('"namespace"');
      });

      it('OTEL_EXPORTER_OTLP_ENDPOINT is a base URL that gets /v1/logs', async () => {
        const container = await LogContainer.fromEnv({
          resource: TEST_RESOURCE,
          env: { DYN_LOGGING_BACKEND: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: `${url}/` },
          exitHooks: false,
          registerGlobal: false,
        });
        container.createLogger('otlp.test').warn('via base');
        await container.shutdown();
        expect(requests.map((r) => [r.path, bodiesOf(r.body)])).to.deep.equal([['/v1/logs', ['via base']]]);
      });

      it("http/protobuf, OTel's default, is accepted with one warning, and records go as http/json", async () => {
        const { entries } = await captureDiag(async () => {
          const container = await LogContainer.fromEnv({
            resource: TEST_RESOURCE,
            env: { DYN_LOGGING_BACKEND: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${url}/v1/logs` },
            exitHooks: false,
            registerGlobal: false,
          });
          container.createLogger('otlp.test').info('as json');
          await container.shutdown();
        });
        expect(requests.map((r) => [r.path, bodiesOf(r.body)])).to.deep.equal([['/v1/logs', ['as json']]]);
        expect(entries.filter((e) => e.message.includes('OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf'))).to.have.length(1);
      });

      it('grpc is a ConfigurationError naming the variable', async () => {
        const err = await LogContainer.fromEnv({
          resource: TEST_RESOURCE,
          env: { DYN_LOGGING_BACKEND: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
          exitHooks: false,
          registerGlobal: false,
        }).then(() => undefined, (e: unknown) => e);
        expect(err).to.be.instanceOf(ConfigurationError);
        expect((err as Error).message).to.include('OTEL_EXPORTER_OTLP_PROTOCOL=grpc');
      });
    });

    it('a missing backend package yields MissingBackendPackageError naming the package to install', async () => {
      // A real import() of a package that is not installed.
      const importer = (specifier: string): Promise<unknown> => import(`${specifier}-not-installed`);
      const err = await LogContainer.fromEnv({ resource: TEST_RESOURCE, env: { DYN_LOGGING_BACKEND: 'splunk' }, exitHooks: false, registerGlobal: false }, importer).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(MissingBackendPackageError);
      const missing = err as MissingBackendPackageError;
      expect(missing.packageName).to.equal('@dynamo-logging/exporter-splunk');
      expect(missing.code).to.equal('DYN_LOGGING_MISSING_BACKEND');
      expect(missing.message).to.equal(
        'DYN_LOGGING_BACKEND=splunk needs the package @dynamo-logging/exporter-splunk; install it with: npm install @dynamo-logging/exporter-splunk',
      );
      expect((missing.cause as { code?: string }).code).to.be.oneOf(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);
    });

    it('loads a backend module through fromEnv(), handing it the env and the queue options', async () => {
      const exporter = new InMemoryLogRecordExporter();
      const seen: unknown[] = [];
      const importer = async (specifier: string): Promise<unknown> => {
        seen.push(specifier);
        return { default: { fromEnv: (env: NodeJS.ProcessEnv, overrides?: unknown) => (seen.push(env['DYN_LOKI_URL'], overrides), exporter) } };
      };
      const queue = { kind: 'memory' } as never;
      const container = await LogContainer.fromEnv(
        { resource: TEST_RESOURCE, env: { DYN_LOGGING_BACKEND: 'loki', DYN_LOKI_URL: 'http://127.0.0.1:1' }, queue, exitHooks: false, registerGlobal: false },
        importer,
      );
      expect(seen).to.deep.equal(['@dynamo-logging/exporter-loki', 'http://127.0.0.1:1', { queue, delivery: 'worker' }]);
      expect(exporterOf(container)).to.equal(exporter);
      await container.shutdown();
    });
  });

  it('stats() reports the pipeline counters', async () => {
    const t = startTestContainer({ unknownKeys: 'drop' });
    try {
      t.container.createLogger('x').info('m', { 'http.request.method': 'GET', not_registered: 1 });
      await t.records();
      const stats = t.container.stats();
      expect(stats.batchQueueDropped).to.equal(0);
      expect(stats.semconv).to.deep.equal({ aliasesNormalised: 1, valuesCoerced: 0, invalidValuesDropped: 0, unknownKeysDropped: 1 });
      expect(stats.exporter).to.equal(undefined);
      expect(stats.loggerFailures).to.equal(0);
    } finally {
      await t.container.shutdown();
    }
  });

  it('stats().loggerFailures counts the failures of its own loggers only, exactly', async () => {
    let throwNext = true;
    const throwing = {
      onEmit(): void {
        if (throwNext) {
          throwNext = false;
          throw new Error('processor failed');
        }
      },
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    };
    const failing = startTestContainer({ processors: [throwing] });
    const other = startTestContainer();
    try {
      const { entries } = await captureDiag(() => {
        const log = failing.container.createLogger('x').child({ request_id: 'r1' });
        expect(() => log.info('lost')).to.not.throw();
        log.info('kept');
        other.container.createLogger('y').info('fine');
      });
      expect(entries.filter((e) => e.level === 'error').map((e) => e.message)).to.deep.equal(['dynamo-logging: a log call failed and was skipped (1 so far) processor failed']);
      expect(failing.container.stats().loggerFailures).to.equal(1);
      expect(other.container.stats().loggerFailures).to.equal(0);
      expect((await failing.records()).map((r) => r.body)).to.deep.equal(['kept']);
    } finally {
      await failing.container.shutdown();
      await other.container.shutdown();
    }
  });
});
