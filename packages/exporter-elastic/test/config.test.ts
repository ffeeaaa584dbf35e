import { expect } from 'chai';
import { ConfigurationError } from '@dynamo-logging/core';
import { resolveElasticConfig } from '../src/config';
import { fromEnv } from '../src/from-env';

const URL = 'http://127.0.0.1:9200';

function auth(options: Parameters<typeof resolveElasticConfig>[0], env: NodeJS.ProcessEnv = {}): string | undefined {
  return resolveElasticConfig({ url: URL, ...options, env }).delivery.headers?.['authorization'];
}

describe('configuration', () => {
  it('requires the URL and names DYN_ELASTIC_URL', () => {
    expect(() => resolveElasticConfig({ env: {} })).to.throw(ConfigurationError, /DYN_ELASTIC_URL/);
    expect(() => fromEnv({})).to.throw(ConfigurationError, /DYN_ELASTIC_URL/);
  });

  it('never echoes a URL that may carry credentials', () => {
    try {
      resolveElasticConfig({ url: 'ht!tp://elastic:s3cret-pw@host', env: {} });
      expect.fail('should throw');
    } catch (err) {
      expect(String((err as Error).message)).to.not.include('s3cret-pw');
    }
  });

  it('builds the Authorization header for an API key (encoded or id:key), basic and bearer', () => {
    expect(auth({ apiKey: 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==' })).to.equal('ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==');
    expect(auth({ apiKey: 'id1:key1' })).to.equal('ApiKey ' + Buffer.from('id1:key1').toString('base64'));
    expect(auth({ username: 'elastic', password: 'pw' })).to.equal('Basic ' + Buffer.from('elastic:pw').toString('base64'));
    expect(auth({ bearerToken: 'tok' })).to.equal('Bearer tok');
    expect(auth({}, { DYN_ELASTIC_API_KEY: 'abc' })).to.equal('ApiKey abc');
    expect(auth({}, { DYN_ELASTIC_USERNAME: 'u', DYN_ELASTIC_PASSWORD: 'p' })).to.equal('Basic ' + Buffer.from('u:p').toString('base64'));
    // Code options beat env as a whole: no mixing of two kinds.
    expect(auth({ bearerToken: 'code' }, { DYN_ELASTIC_API_KEY: 'env' })).to.equal('Bearer code');
  });

  it('rejects two kinds of credentials, or half a basic pair, naming the variables and not the secret', () => {
    expect(() => auth({}, { DYN_ELASTIC_API_KEY: 'k-secret', DYN_ELASTIC_USERNAME: 'u', DYN_ELASTIC_PASSWORD: 'p' })).to.throw(ConfigurationError, /DYN_ELASTIC_API_KEY/);
    expect(() => auth({}, { DYN_ELASTIC_USERNAME: 'u' })).to.throw(ConfigurationError, /DYN_ELASTIC_PASSWORD/);
    expect(() => auth({ password: 'p-secret' })).to.throw(ConfigurationError, /username/);
    try {
      auth({}, { DYN_ELASTIC_API_KEY: 'k-secret', DYN_ELASTIC_BEARER_TOKEN: 'b-secret' });
    } catch (err) {
      expect((err as Error).message).to.not.match(/k-secret|b-secret/);
    }
  });

  it('reads index, mapping, dataset and namespace from env, options first', () => {
    const env = { DYN_ELASTIC_URL: URL, DYN_ELASTIC_INDEX: 'env-index', DYN_ELASTIC_MAPPING: 'OTEL', DYN_ELASTIC_DATASET: 'envds' };
    const fromEnvOnly = resolveElasticConfig({ env });
    expect(fromEnvOnly.target).to.deep.equal({ kind: 'index', index: 'env-index', dateSuffix: 'none' });
    expect(fromEnvOnly.mapping).to.equal('otel');
    expect(fromEnvOnly.dataset).to.equal('envds');
    const withCode = resolveElasticConfig({ index: 'code-index', mapping: 'ecs', env });
    expect(withCode.target).to.deep.equal({ kind: 'index', index: 'code-index', dateSuffix: 'none' });
    expect(withCode.mapping).to.equal('ecs');
  });

  it('rejects bad values naming the option or variable', () => {
    expect(() => resolveElasticConfig({ url: URL, index: 'Bad', env: {} })).to.throw(ConfigurationError, /lower case/);
    expect(() => resolveElasticConfig({ url: URL, dataset: 'a-b', env: {} })).to.throw(ConfigurationError, /dataset/);
    expect(() => resolveElasticConfig({ url: URL, namespace: 'a b', env: {} })).to.throw(ConfigurationError, /namespace/);
    expect(() => resolveElasticConfig({ url: URL, indexDateSuffix: 'daily', env: {} })).to.throw(ConfigurationError, /needs option index/);
    expect(() => resolveElasticConfig({ url: URL, compatibleWith: 6, env: {} })).to.throw(ConfigurationError, /compatibleWith/);
  });

  it('defaults to a 5 MiB body limit and a reply cap large enough for a bulk reply', () => {
    const config = resolveElasticConfig({ url: URL, env: {} });
    expect(config.maxBodyBytes).to.equal(5 * 1024 * 1024);
    expect(config.delivery.maxResponseBytes).to.equal(8 * 1024 * 1024);
  });

  it('passes only delivery fields on to the delivery layer', () => {
    const config = resolveElasticConfig({ url: URL, timeoutMillis: 5, ...({ resource: { a: 1 }, level: 'debug' } as object), env: {} });
    expect(config.delivery).to.have.property('timeoutMillis', 5);
    expect(config.delivery).to.not.have.property('resource');
    expect(config.delivery).to.not.have.property('level');
  });
});
