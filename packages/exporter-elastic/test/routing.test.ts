import { expect } from 'chai';
import { resolveElasticConfig } from '../src/config';
import { BulkEncoder } from '../src/encode';
import { Router } from '../src/route';
import { sanitizeDataset, sanitizeNamespace } from '../src/target-names';
import { bodyText, makeRecord, TIME } from './helpers/records';
import type { RecordSpec } from './helpers/records';

function router(options: Parameters<typeof resolveElasticConfig>[0] = {}): Router {
  const config = resolveElasticConfig({ url: 'http://127.0.0.1:9200', ...options, env: {} });
  return new Router(config.target, config.mapping);
}

function indexOf(spec: RecordSpec, options: Parameters<typeof resolveElasticConfig>[0] = {}): string {
  return router(options).route(makeRecord(spec)).index;
}

describe('targets and per-record routing', () => {
  it('defaults to the data stream logs-dynamo-default', () => {
    expect(indexOf({})).to.equal('logs-dynamo-default');
  });

  it('builds logs-<dataset>-<namespace> from the options, and logs-<dataset>.otel-<namespace> in the otel mapping', () => {
    expect(indexOf({}, { dataset: 'inference', namespace: 'prod' })).to.equal('logs-inference-prod');
    expect(indexOf({}, { dataset: 'inference', namespace: 'prod', mapping: 'otel' })).to.equal('logs-inference.otel-prod');
  });

  it('uses a plain index, with a UTC date suffix from the record time', () => {
    expect(indexOf({}, { index: 'dynamo-logs' })).to.equal('dynamo-logs');
    expect(indexOf({}, { index: 'dynamo-logs', indexDateSuffix: 'daily' })).to.equal('dynamo-logs-2026.11.25');
    expect(indexOf({}, { index: 'dynamo-logs', indexDateSuffix: 'monthly' })).to.equal('dynamo-logs-2026.11');
    // 23:59:59.9 UTC on the 31st is still that day, whatever the local zone.
    expect(indexOf({ hrTime: [Date.UTC(2026, 11, 31, 23, 59, 59) / 1000, 900_000_000] }, { index: 'a', indexDateSuffix: 'daily' })).to.equal('a-2026.12.31');
  });

  it('routes by data_stream.dataset / data_stream.namespace, record before resource', () => {
    expect(indexOf({ attributes: { 'data_stream.dataset': 'nginx' } })).to.equal('logs-nginx-default');
    expect(indexOf({ resource: { 'data_stream.namespace': 'staging' } })).to.equal('logs-dynamo-staging');
    expect(indexOf({ attributes: { 'data_stream.dataset': 'a' }, resource: { 'data_stream.dataset': 'b' } })).to.equal('logs-a-default');
  });

  it('sanitises dataset and namespace as the Collector does', () => {
    expect(indexOf({ attributes: { 'data_stream.dataset': 'My-App/Web', 'data_stream.namespace': 'Prod EU#1' } })).to.equal('logs-my_app_web-prod_eu_1');
    expect(sanitizeDataset('a-b:c*d?e"f<g>h|i j,k#l\\m/n')).to.equal('a_b_c_d_e_f_g_h_i_j_k_l_m_n');
    // Hyphens are allowed in a namespace, not in a dataset.
    expect(sanitizeNamespace('eu-west')).to.equal('eu-west');
    expect(sanitizeDataset('x'.repeat(150))).to.have.length(100);
    expect(sanitizeDataset('x'.repeat(150), '.otel')).to.equal('x'.repeat(95) + '.otel');
  });

  it('lets elasticsearch.index win over data_stream.*, record before resource', () => {
    expect(indexOf({ attributes: { 'elasticsearch.index': 'audit', 'data_stream.dataset': 'nginx' } })).to.equal('audit');
    expect(indexOf({ resource: { 'elasticsearch.index': 'from-resource' }, attributes: { 'elasticsearch.index': 'from-record' } })).to.equal('from-record');
    expect(indexOf({ attributes: { 'elasticsearch.index': 'Audit' } })).to.equal('audit');
  });

  it('ignores an invalid elasticsearch.index and keeps the configured target', () => {
    expect(indexOf({ attributes: { 'elasticsearch.index': 'bad/name' } })).to.equal('logs-dynamo-default');
  });

  it('treats a configured plain index as static for data_stream.* attributes', () => {
    expect(indexOf({ attributes: { 'data_stream.dataset': 'nginx' } }, { index: 'dynamo-logs' })).to.equal('dynamo-logs');
  });

  it('puts _index in each action line only when one request mixes targets', () => {
    const encoder = new BulkEncoder(resolveElasticConfig({ url: 'http://127.0.0.1:9200/es/', env: {} }));
    const [request] = encoder.encode([makeRecord({}), makeRecord({ attributes: { 'data_stream.dataset': 'nginx' }, hrTime: [TIME[0], 1] })]);
    expect(request!.path).to.equal('/es/_bulk?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason');
    const actions = bodyText(request!).split('\n').filter((_, i) => i % 2 === 0 && _ !== '').map((l) => JSON.parse(l));
    expect(actions.map((a) => a.create._index)).to.deep.equal(['logs-dynamo-default', 'logs-nginx-default']);
  });
});
