import { expect } from 'chai';
import { ConfigurationError } from '@dynamo-logging/core';
import { maskToken, resolveConfig } from '../src/config';

const TOKEN = '11111111-2222-3333-4444-555555555555';

describe('config', () => {
  it('merges code options over DYN_SPLUNK_* env over defaults, field by field', () => {
    const env = {
      DYN_SPLUNK_HEC_URL: 'https://env-splunk:8088',
      DYN_SPLUNK_HEC_TOKEN: 'env-token',
      DYN_SPLUNK_INDEX: 'env_index',
      DYN_SPLUNK_SOURCE: 'env-source',
      DYN_SPLUNK_SOURCETYPE: 'env:st',
      DYN_SPLUNK_ACK: 'YES',
    };
    const c = resolveConfig({ token: TOKEN, index: 'code_index', env });
    expect(c.endpoint).to.equal('https://env-splunk:8088');
    expect(c.token).to.equal(TOKEN);
    expect(c.index).to.equal('code_index');
    expect(c.source).to.equal('env-source');
    expect(c.sourcetype).to.equal('env:st');
    expect(c.ack).to.equal(true);
    expect(c.maxContentLength).to.equal(1024 * 1024);
    expect(c.eventPath).to.equal('/services/collector/event');
    expect(c.ackPath).to.equal('/services/collector/ack');
    expect(c.healthPath).to.equal('/services/collector/health');
  });

  it('reads DYN_SPLUNK_ACK truthy values 1/true/on/yes in any case, and nothing else', () => {
    const ack = (v: string | undefined): boolean => resolveConfig({ endpoint: 'http://h:8088', token: 't', env: { DYN_SPLUNK_ACK: v } }).ack;
    for (const v of ['1', 'true', 'TRUE', 'On', 'yes', ' YES ']) expect(ack(v), v).to.equal(true);
    for (const v of ['0', 'false', 'off', 'no', 'enabled', '', undefined]) expect(ack(v), String(v)).to.equal(false);
    expect(resolveConfig({ endpoint: 'http://h:8088', token: 't', ack: false, env: { DYN_SPLUNK_ACK: 'on' } }).ack).to.equal(false);
  });

  it('accepts an endpoint given with /services/collector[/event] and keeps a proxy prefix', () => {
    expect(resolveConfig({ endpoint: 'https://h:8088/services/collector/event', token: 't', env: {} }).endpoint).to.equal('https://h:8088');
    const c = resolveConfig({ endpoint: 'https://proxy/splunk/services/collector/', token: 't', env: {} });
    expect(c.endpoint).to.equal('https://proxy/splunk');
    expect(c.eventPath).to.equal('/splunk/services/collector/event');
  });

  it('names the option or env var when the endpoint or token is missing or bad, without echoing secrets', () => {
    expect(() => resolveConfig({ env: {} })).to.throw(ConfigurationError, /DYN_SPLUNK_HEC_URL/);
    expect(() => resolveConfig({ endpoint: 'http://h:8088', env: {} })).to.throw(ConfigurationError, /DYN_SPLUNK_HEC_TOKEN/);
    let message = '';
    try {
      resolveConfig({ env: { DYN_SPLUNK_HEC_URL: 'not a url secret-pass', DYN_SPLUNK_HEC_TOKEN: 't' } });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.match(/DYN_SPLUNK_HEC_URL/);
    expect(message).not.to.contain('secret-pass');
    expect(() => resolveConfig({ endpoint: 'ftp://h', token: 't', env: {} })).to.throw(ConfigurationError, /endpoint/);
    expect(() => resolveConfig({ endpoint: 'http://h/?token=x', token: 't', env: {} })).to.throw(ConfigurationError, /query/);
    expect(() => resolveConfig({ endpoint: 'http://h', token: 't', maxContentLength: 0, env: {} })).to.throw(ConfigurationError, /maxContentLength/);
    expect(() => resolveConfig({ endpoint: 'http://h', token: 't', channel: 'nope', env: {} })).to.throw(ConfigurationError, /channel/);
  });

  it('gives every exporter its own channel GUID', () => {
    const a = resolveConfig({ endpoint: 'http://h', token: 't', env: {} });
    const b = resolveConfig({ endpoint: 'http://h', token: 't', env: {} });
    expect(a.channel).to.match(/^[0-9a-f-]{36}$/);
    expect(a.channel).not.to.equal(b.channel);
  });

  it('masks the token to at most its last four characters', () => {
    expect(maskToken(TOKEN)).to.equal('****5555');
    expect(maskToken('short')).to.equal('****');
  });
});
