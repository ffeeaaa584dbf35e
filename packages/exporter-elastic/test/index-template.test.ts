import { expect } from 'chai';
import { resolveElasticConfig } from '../src/config';
import { indexTemplateBody } from '../src/index-template';

function template(options: Parameters<typeof resolveElasticConfig>[0]) {
  return indexTemplateBody(resolveElasticConfig({ url: 'http://127.0.0.1:9200', ...options, env: {} })) as {
    index_patterns: string[];
    priority: number;
    data_stream?: object;
    template: { mappings: { properties: Record<string, { properties?: Record<string, unknown>; type?: string }>; dynamic_templates: object[] } };
  };
}

describe('index template body', () => {
  it('covers a plain index and its date-suffixed indices, without data_stream', () => {
    const t = template({ index: 'dynamo-logs', indexDateSuffix: 'daily' });
    expect(t.index_patterns).to.deep.equal(['dynamo-logs', 'dynamo-logs-*']);
    expect(t).to.not.have.property('data_stream');
  });

  it('covers the data stream family with data_stream enabled and a priority above the built-in logs template', () => {
    const t = template({ dataset: 'inference' });
    expect(t.index_patterns).to.deep.equal(['logs-inference-*']);
    expect(t.data_stream).to.deep.equal({});
    expect(t.priority).to.be.greaterThan(100);
  });

  it('maps every field the ECS mode writes, with types that never change', () => {
    const p = template({}).template.mappings.properties;
    expect(p['@timestamp']).to.deep.equal({ type: 'date_nanos' });
    expect(p['message']).to.deep.equal({ type: 'text' });
    expect(p['log']!.properties).to.have.keys('level', 'logger', 'origin');
    expect(p['process']!.properties!['pid']).to.deep.equal({ type: 'long' });
    expect(p['error']!.properties).to.have.keys('type', 'message', 'stack_trace');
    const dynamo = p['dynamo']!.properties!;
    expect(dynamo['ttft_ms']).to.deep.equal({ type: 'double' });
    expect(dynamo['x_request_id']).to.deep.equal({ type: 'keyword', ignore_above: 1024 });
    // Keys with an ECS home are not duplicated under dynamo.
    expect(dynamo).to.not.have.property('trace_id');
    expect(dynamo).to.not.have.property('service_name');
  });
});
