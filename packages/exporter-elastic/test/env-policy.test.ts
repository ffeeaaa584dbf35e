import { diag, DiagLogLevel } from '@opentelemetry/api';
import { expect } from 'chai';
import { ConfigurationError } from '@dynamo-logging/core';
import { resolveElasticConfig } from '../src/config';

function reported(fn: () => void): string[] {
  const lines: string[] = [];
  const push = (m: string) => lines.push(m);
  diag.setLogger({ error: push, warn: push, info: push, debug: push, verbose: push }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  try {
    fn();
  } finally {
    diag.disable();
  }
  return lines;
}

const URL = 'http://127.0.0.1:9200';

// The root README's policy: a bad optional value is reported and its default used; a missing or unusable URL is a ConfigurationError.
describe('Elasticsearch env policy', () => {
  it('bad DYN_ELASTIC_MAPPING / INDEX_DATE_SUFFIX / MAX_BODY_BYTES / COMPATIBLE_WITH are reported and the defaults used', () => {
    let config!: ReturnType<typeof resolveElasticConfig>;
    const lines = reported(() => {
      config = resolveElasticConfig({ env: {
        DYN_ELASTIC_URL: URL,
        DYN_ELASTIC_MAPPING: 'raw',
        DYN_ELASTIC_INDEX: 'logs',
        DYN_ELASTIC_INDEX_DATE_SUFFIX: 'hourly',
        DYN_ELASTIC_MAX_BODY_BYTES: 'lots',
        DYN_ELASTIC_COMPATIBLE_WITH: '6',
      } });
    });
    const defaults = resolveElasticConfig({ url: URL, index: 'logs', env: {} });
    expect(config.mapping).to.equal(defaults.mapping);
    expect(config.target).to.deep.equal(defaults.target);
    expect(config.maxBodyBytes).to.equal(defaults.maxBodyBytes);
    expect(config.compatibleWith).to.equal(undefined);
    const text = lines.join('\n');
    for (const name of ['DYN_ELASTIC_MAPPING', 'DYN_ELASTIC_INDEX_DATE_SUFFIX', 'DYN_ELASTIC_MAX_BODY_BYTES', 'DYN_ELASTIC_COMPATIBLE_WITH']) expect(text).to.include(name);
  });

  it('a missing or bad DYN_ELASTIC_URL stays a ConfigurationError', () => {
    expect(() => resolveElasticConfig({ env: {} })).to.throw(ConfigurationError, /DYN_ELASTIC_URL/);
    expect(() => resolveElasticConfig({ env: { DYN_ELASTIC_URL: 'nope' } })).to.throw(ConfigurationError, /DYN_ELASTIC_URL/);
  });
});
