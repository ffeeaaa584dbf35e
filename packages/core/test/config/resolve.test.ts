import { hostname } from 'node:os';
import { SeverityNumber } from '../../src/otel-line';
import { expect } from 'chai';
import { resolveConfig } from '../../src/config/resolve';
import { captureDiagSync } from '../fixtures/diag-capture';

const FULL_RESOURCE = { 'service.name': 's', namespace: 'n', component: 'c' };

function resolve(env: NodeJS.ProcessEnv, options: Parameters<typeof resolveConfig>[0] = {}, isTty = false) {
  return captureDiagSync(() => resolveConfig({ resource: FULL_RESOURCE, ...options, env }, isTty));
}

describe('config/resolve', () => {
  describe('resource attributes', () => {
    it('options beat OTEL_SERVICE_NAME, which beats OTEL_RESOURCE_ATTRIBUTES; aliases become canonical keys', () => {
      const env = {
        OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs,service.namespace=dynamo,component=from-env,deployment.environment=prod,custom=a%2Cb',
        OTEL_SERVICE_NAME: 'from-service-name',
      };
      const { result, entries } = captureDiagSync(() => resolveConfig({ env, resource: { component: 'frontend' } }, false));
      expect(entries).to.deep.equal([]);
      expect(result.missingResource).to.deep.equal([]);
      expect(result.resource).to.deep.include({
        'service.name': 'from-service-name',
        namespace: 'dynamo',
        component: 'frontend',
        'deployment.environment.name': 'prod',
        custom: 'a,b',
        'host.name': hostname(),
        'process.pid': process.pid,
      });
      expect(result.resource).to.not.have.property('service.namespace');
      expect(result.resource).to.not.have.property('deployment.environment');

      const withOption = resolveConfig({ env, resource: { 'service.name': 'from-options', namespace: 'ns', component: 'c' } }, false);
      expect(withOption.resource['service.name']).to.equal('from-options');
      expect(withOption.resource['namespace']).to.equal('ns');
      // An alias in the options normalises too, and beats the env's canonical key.
      const aliasOption = resolveConfig({ env, resource: { 'service.namespace': 'opt-ns', component: 'c' } }, false);
      expect(aliasOption.resource['namespace']).to.equal('opt-ns');
    });

    it('reports missing required resource attributes once and fills service.name as OTel does', () => {
      const { result, entries } = captureDiagSync(() => resolveConfig({ env: {} }, false));
      expect(result.missingResource).to.deep.equal(['service.name', 'namespace', 'component']);
      expect(entries).to.have.length(1);
      expect(entries[0]!.message).to.include('service.name, namespace, component').and.include('OTEL_RESOURCE_ATTRIBUTES');
      expect(String(result.resource['service.name'])).to.match(/^unknown_service:/);

      const partly = captureDiagSync(() => resolveConfig({ env: { OTEL_SERVICE_NAME: 'svc', OTEL_RESOURCE_ATTRIBUTES: 'namespace=dynamo' } }, false));
      expect(partly.result.missingResource).to.deep.equal(['component']);
      expect(partly.entries).to.have.length(1);
      expect(partly.entries[0]!.message).to.include('missing: component;');
    });
  });

  describe('OTEL_BLRP_*', () => {
    it('has defaults, reads env into the batch settings, and options beat env', () => {
      const defaults = resolve({}).result.batch;
      expect(defaults).to.deep.equal({ maxQueueSize: 16_384, maxExportBatchSize: 1_024, scheduledDelayMillis: 200, exportTimeoutMillis: 30_000 });

      const env = { OTEL_BLRP_MAX_QUEUE_SIZE: '100', OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '10', OTEL_BLRP_SCHEDULE_DELAY: '0', OTEL_BLRP_EXPORT_TIMEOUT: '5000' };
      expect(resolve(env).result.batch).to.deep.equal({ maxQueueSize: 100, maxExportBatchSize: 10, scheduledDelayMillis: 0, exportTimeoutMillis: 5000 });
      expect(resolve(env, { batch: { maxQueueSize: 7, scheduledDelayMillis: 60_000 } }).result.batch).to.deep.equal({
        maxQueueSize: 7,
        maxExportBatchSize: 10,
        scheduledDelayMillis: 60_000,
        exportTimeoutMillis: 5000,
      });
    });

    it('a bad value gets one warning naming the variable and the default, which is used', () => {
      const { result, entries } = resolve({ OTEL_BLRP_MAX_QUEUE_SIZE: 'lots', OTEL_BLRP_EXPORT_TIMEOUT: '0' });
      expect(result.batch.maxQueueSize).to.equal(16_384);
      expect(result.batch.exportTimeoutMillis).to.equal(30_000);
      expect(entries.map((e) => e.message)).to.deep.equal([
        'dynamo-logging: ignoring OTEL_BLRP_MAX_QUEUE_SIZE="lots": expected an integer >= 1; using 16384',
        'dynamo-logging: ignoring OTEL_BLRP_EXPORT_TIMEOUT="0": expected an integer >= 1; using 30000',
      ]);
    });
  });

  describe('console format', () => {
    it('DYN_LOGGING_CONSOLE_FORMAT picks it, beating DYN_LOGGING_JSONL and the TTY', () => {
      expect(resolve({ DYN_LOGGING_CONSOLE_FORMAT: 'readable' }, {}, false).result.consoleFormat).to.equal('readable');
      expect(resolve({ DYN_LOGGING_CONSOLE_FORMAT: 'JSONL' }, {}, true).result.consoleFormat).to.equal('jsonl');
      expect(resolve({ DYN_LOGGING_CONSOLE_FORMAT: 'readable', DYN_LOGGING_JSONL: '1' }, {}, false).result.consoleFormat).to.equal('readable');
    });

    it('DYN_LOGGING_JSONL decides when no format is named', () => {
      expect(resolve({ DYN_LOGGING_JSONL: 'true' }, {}, true).result.consoleFormat).to.equal('jsonl');
      expect(resolve({ DYN_LOGGING_JSONL: '0' }, {}, false).result.consoleFormat).to.equal('readable');
    });

    it('with no setting: readable on a TTY, JSONL otherwise', () => {
      expect(resolve({}, {}, true).result.consoleFormat).to.equal('readable');
      expect(resolve({}, {}, false).result.consoleFormat).to.equal('jsonl');
    });

    it('bad values are reported and fall back to the TTY default', () => {
      const { result, entries } = resolve({ DYN_LOGGING_CONSOLE_FORMAT: 'xml', DYN_LOGGING_JSONL: 'perhaps' }, {}, true);
      expect(result.consoleFormat).to.equal('readable');
      expect(entries).to.have.length(2);
      expect(entries[0]!.message).to.include('DYN_LOGGING_CONSOLE_FORMAT="xml"');
      expect(entries[1]!.message).to.include('DYN_LOGGING_JSONL="perhaps"');
    });
  });

  it('DYN_LOG_USE_LOCAL_TZ and DYN_SDK_DISABLE_ANSI_LOGGING take truthy values', () => {
    expect(resolve({}).result.localTime).to.equal(false);
    expect(resolve({ DYN_LOG_USE_LOCAL_TZ: 'yes' }).result.localTime).to.equal(true);
    expect(resolve({ DYN_LOG_USE_LOCAL_TZ: '0' }).result.localTime).to.equal(false);
    expect(resolve({}).result.ansi).to.equal(true);
    expect(resolve({ DYN_SDK_DISABLE_ANSI_LOGGING: 'ON' }).result.ansi).to.equal(false);
    expect(resolve({ DYN_SDK_DISABLE_ANSI_LOGGING: 'false' }).result.ansi).to.equal(true);
  });

  it('DYN_LOGGING_BACKEND: a known name is taken, a bad one is reported and jsonl used', () => {
    expect(resolve({}).result.backend).to.equal('jsonl');
    for (const name of ['otlp', 'loki', 'splunk', 'elastic', 'jsonl']) expect(resolve({ DYN_LOGGING_BACKEND: name.toUpperCase() }).result.backend).to.equal(name);
    const { result, entries } = resolve({ DYN_LOGGING_BACKEND: 'kafka' });
    expect(result.backend).to.equal('jsonl');
    expect(entries.map((e) => e.message)).to.deep.equal([
      'dynamo-logging: ignoring DYN_LOGGING_BACKEND="kafka": expected one of jsonl|otlp|loki|splunk|elastic; using jsonl',
    ]);
  });

  it('the level option beats DYN_LOG, and its bad parts are reported under the option name', () => {
    expect(resolve({ DYN_LOG: 'debug' }).result.levels.minSeverity('x')).to.equal(SeverityNumber.DEBUG);
    expect(resolve({ DYN_LOG: 'debug' }, { level: 'error' }).result.levels.minSeverity('x')).to.equal(SeverityNumber.ERROR);
    const fromEnv = resolve({ DYN_LOG: 'shout' });
    expect(fromEnv.entries[0]!.message).to.include('DYN_LOG="shout"');
    const fromOption = resolve({ DYN_LOG: 'debug' }, { level: 'shout' });
    expect(fromOption.entries[0]!.message).to.include('level option="shout"');
    expect(fromOption.result.levels.minSeverity('x')).to.equal(SeverityNumber.INFO);
  });

  it('unknown-key policy: option, then DYN_LOGGING_UNKNOWN_KEYS, then keep', () => {
    expect(resolve({}).result.unknownKeys).to.equal('keep');
    expect(resolve({ DYN_LOGGING_UNKNOWN_KEYS: 'drop' }).result.unknownKeys).to.equal('drop');
    expect(resolve({ DYN_LOGGING_UNKNOWN_KEYS: 'drop' }, { unknownKeys: 'warn' }).result.unknownKeys).to.equal('warn');
  });

  it('OTEL_LOGRECORD_ATTRIBUTE_* limits are read, unset by default', () => {
    expect(resolve({}).result.attributeCountLimit).to.equal(undefined);
    const { result } = resolve({ OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT: '3', OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT: '10' });
    expect(result.attributeCountLimit).to.equal(3);
    expect(result.attributeValueLengthLimit).to.equal(10);
  });
});
