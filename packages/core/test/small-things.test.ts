import { InMemoryLogRecordExporter } from '@opentelemetry/sdk-logs';
import { expect } from 'chai';
import { ConfigurationError, LogContainer } from '@dynamo-logging/core';
import { RedactionProcessor } from '../src/processors/redaction-processor';
import { resolveConfig } from '../src/config/resolve';
import { exporterForBackend } from '../src/backend-loader';
import { captureDiagSync } from './fixtures/diag-capture';
import { startTestContainer, TEST_RESOURCE } from './fixtures/start-container';

/** Issue 12's "small things a user trips on": each one a ConfigurationError naming the option, or a report. */
describe('small things a user trips on', () => {
  const start = (options: object) => () => LogContainer.start({ resource: TEST_RESOURCE, env: {}, exitHooks: false, registerGlobal: false, ...options });

  it("unknownKeys: 'explode' is a ConfigurationError naming the option", async () => {
    expect(start({ unknownKeys: 'explode' })).to.throw(ConfigurationError, /unknownKeys must be one of keep\|warn\|drop/);
    const caught = await LogContainer.fromEnv({ resource: TEST_RESOURCE, env: {}, unknownKeys: 'explode' as never }).catch((err: unknown) => err);
    expect(caught).to.be.instanceOf(ConfigurationError);
  });

  it("redaction.patterns: ['x'] is a ConfigurationError naming the entry, not a raw TypeError", () => {
    expect(start({ redaction: { patterns: ['x'] } })).to.throw(ConfigurationError, /redaction\.patterns\[0\] must be a RegExp/);
    expect(() => new RedactionProcessor({ patterns: [/ok/, { pattern: 'x' }] as never })).to.throw(ConfigurationError, /redaction\.patterns\[1\]/);
    expect(() => new RedactionProcessor({ patterns: [{ pattern: /a(b)/, group: -1 }] })).to.throw(ConfigurationError, /patterns\[0\]/);
    expect(() => new RedactionProcessor({ keys: [42] as never })).to.throw(ConfigurationError, /redaction\.keys\[0\]/);
    expect(() => new RedactionProcessor({ patterns: [/ok/, { pattern: /a(b)/, group: 1 }], keys: ['k'] })).to.not.throw();
  });

  it('exporter: {} and processors: [null] are ConfigurationErrors at start', () => {
    expect(start({ exporter: {} })).to.throw(ConfigurationError, /option exporter must be a LogRecordExporter/);
    expect(start({ processors: [null] })).to.throw(ConfigurationError, /option processors\[0\]/);
    expect(start({ processors: [{ onEmit() {} }] })).to.throw(ConfigurationError, /option processors\[0\]/);
    expect(start({ exporter: new InMemoryLogRecordExporter(), processors: [] })).to.not.throw();
  });

  it('a bad OTLP endpoint is a ConfigurationError naming the variable, without echoing the value', async () => {
    const config = resolveConfig({ resource: TEST_RESOURCE, env: {} }, false);
    for (const [name, value] of [
      ['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', 'not a url :s3cret'],
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'also bad s3cret'],
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'ftp://collector:4318'],
    ] as const) {
      let caught: unknown;
      try {
        await exporterForBackend({ backend: 'otlp', config, env: { [name]: value }, isTty: false });
      } catch (err) {
        caught = err;
      }
      expect(caught, name).to.be.instanceOf(ConfigurationError);
      expect((caught as Error).message).to.include(name);
      expect((caught as Error).message).to.not.include('s3cret');
    }
  });

  for (const name of ['DYN_LOG_USE_LOCAL_TZ', 'DYN_SDK_DISABLE_ANSI_LOGGING', 'DYN_LOGGING_SPAN_EVENTS']) {
    it(`${name}=maybe is reported, naming the variable and the default, not read silently as false`, () => {
      const { entries } = captureDiagSync(() => resolveConfig({ resource: TEST_RESOURCE, env: { [name]: 'maybe' } }, false));
      expect(entries.map((e) => e.message)).to.deep.equal([`dynamo-logging: ignoring ${name}="maybe": expected one of 1/true/on/yes or 0/false/off/no; using false`]);
      const { entries: clean } = captureDiagSync(() => resolveConfig({ resource: TEST_RESOURCE, env: { [name]: 'Yes' } }, false));
      expect(clean).to.deep.equal([]);
    });
  }

  it("child('str') and child(['a']) bind nothing (and say so) instead of \"0\":\"s\"...", async () => {
    const t = startTestContainer();
    try {
      const log = t.container.createLogger('svc');
      const { entries } = captureDiagSync(() => {
        (log.child('str' as never) as typeof log).info('a', { k: 1 });
        (log.child(['a'] as never) as typeof log).info('b');
      });
      log.child({ ok: true }).info('c');
      const [a, b, c] = await t.records();
      expect(a!.attributes).to.deep.equal({ k: 1 });
      expect(b!.attributes).to.deep.equal({});
      expect(c!.attributes).to.deep.equal({ ok: true });
      expect(entries.map((e) => e.message)).to.deep.equal([
        'dynamo-logging: child() takes an attributes object, got string; ignored',
        'dynamo-logging: child() takes an attributes object, got an array; ignored',
      ]);
    } finally {
      await t.container.shutdown();
    }
  });

  it('a logger name with a lone surrogate gets U+FFFD, as messages do', async () => {
    const t = startTestContainer();
    try {
      const log = t.container.createLogger('svc\uD800x');
      log.info('m\uDC00');
      const [r] = await t.records();
      expect(log.name).to.equal('svc\uFFFDx');
      expect(r!.instrumentationScope.name).to.equal('svc\uFFFDx');
      expect(r!.body).to.equal('m\uFFFD');
    } finally {
      await t.container.shutdown();
    }
  });
});
