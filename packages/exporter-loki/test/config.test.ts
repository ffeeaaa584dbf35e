import { expect } from 'chai';
import { ConfigurationError } from '@dynamo-logging/core';
import { resolveConfig } from '../src/config';

describe('resolveConfig', () => {
  it('reads DYN_LOKI_* and builds the push URL, tenant and auth headers', () => {
    const config = resolveConfig({
      env: { DYN_LOKI_URL: 'http://loki:3100', DYN_LOKI_TENANT_ID: 'team-a', DYN_LOKI_USERNAME: 'u', DYN_LOKI_PASSWORD: 'p', DYN_LOKI_LABELS: 'env=prod, cluster=c1' },
    });
    expect(config.endpoint).to.equal('http://loki:3100/loki/api/v1/push');
    expect(config.pushPath).to.equal('/loki/api/v1/push');
    expect(config.headers).to.deep.equal({ 'X-Scope-OrgID': 'team-a', Authorization: 'Basic ' + Buffer.from('u:p').toString('base64') });
    expect(config.staticLabels).to.deep.equal({ env: 'prod', cluster: 'c1' });
    expect(config).to.include({ format: 'protobuf', line: 'jsonl', maxLineSize: 262144, lineTooLong: 'truncate', maxLabelNames: 15, maxLabelValueLength: 2048 });
  });

  it('code options beat env, field by field', () => {
    const config = resolveConfig({
      endpoint: 'https://gw.example/proxy/',
      labels: { a: 'b' },
      format: 'json',
      env: { DYN_LOKI_URL: 'http://ignored:1', DYN_LOKI_LABELS: 'x=y', DYN_LOKI_BEARER_TOKEN: 'tok', DYN_LOKI_LINE: 'message' },
    });
    expect(config.endpoint).to.equal('https://gw.example/proxy/loki/api/v1/push');
    expect(config.pushPath).to.equal('/proxy/loki/api/v1/push');
    expect(config.staticLabels).to.deep.equal({ a: 'b' });
    expect(config.headers).to.deep.equal({ Authorization: 'Bearer tok' });
    expect(config.format).to.equal('json');
    expect(config.line).to.equal('message');
  });

  it('DYN_LOG_USE_LOCAL_TZ (Dynamo truthy values) turns on local time; DYN_LOKI_COMPRESSION is read', () => {
    expect(resolveConfig({ env: { DYN_LOKI_URL: 'http://x', DYN_LOG_USE_LOCAL_TZ: 'Yes', DYN_LOKI_COMPRESSION: 'gzip' } })).to.include({ localTime: true, compression: 'gzip' });
    expect(resolveConfig({ env: { DYN_LOKI_URL: 'http://x', DYN_LOG_USE_LOCAL_TZ: '0' } })).to.include({ localTime: false, compression: 'none' });
    expect(resolveConfig({ env: { DYN_LOKI_URL: 'http://x', DYN_LOKI_FORMAT: 'json' } })).to.include({ format: 'json', compression: 'gzip' });
  });

  it('keeps a full push URL as given and moves URL userinfo into basic auth', () => {
    const config = resolveConfig({ endpoint: 'http://us%40r:pa%3Ass@loki:3100/loki/api/v1/push', env: {} });
    expect(config.endpoint).to.equal('http://loki:3100/loki/api/v1/push');
    expect(config.headers.Authorization).to.equal('Basic ' + Buffer.from('us@r:pa:ss').toString('base64'));
  });

  it('configuration errors name the option or variable and never echo a secret', () => {
    const attempts: Array<[() => unknown, RegExp]> = [
      [() => resolveConfig({ env: {} }), /DYN_LOKI_URL/],
      [() => resolveConfig({ env: { DYN_LOKI_URL: 'not a url :secret-in-url' } }), /DYN_LOKI_URL is not a valid URL/],
      [() => resolveConfig({ env: { DYN_LOKI_URL: 'ftp://x' } }), /DYN_LOKI_URL must be an http\(s\) URL/],
      [() => resolveConfig({ env: { DYN_LOKI_URL: 'http://x', DYN_LOKI_USERNAME: 'u', DYN_LOKI_BEARER_TOKEN: 'secret-token' } }), /either basic auth .* or a bearer token/],
      [() => resolveConfig({ env: { DYN_LOKI_URL: 'http://x', DYN_LOKI_PASSWORD: 'secret-pw' } }), /DYN_LOKI_USERNAME/],
      [() => resolveConfig({ endpoint: 'http://x', maxLineSize: 0, env: {} }), /maxLineSize must be a positive integer/],
    ];
    for (const [attempt, message] of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(ConfigurationError);
      expect((caught as Error).message).to.match(message);
      expect((caught as Error).message).not.to.match(/secret/);
    }
  });
});
