import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { constantName, parseRegistry, registryProblems, type RegistryDocument } from '../scripts/check-registry';

const registryText = readFileSync(join(__dirname, '..', 'registry', 'attributes.json'), 'utf8');
const doc = JSON.parse(registryText) as RegistryDocument;
const byKey = new Map(doc.attributes.map((a) => [a.key, a]));
const clone = (): { version: string; attributes: Array<Record<string, unknown>> } => JSON.parse(registryText);

describe('registry/attributes.json', () => {
  it('passes every integrity rule of the generator', () => {
    expect(registryProblems(doc)).to.deep.equal([]);
    expect(() => parseRegistry(registryText)).not.to.throw();
  });

  it('has unique keys, and no alias equals any key or another alias', () => {
    const keys = doc.attributes.map((a) => a.key);
    expect(new Set(keys).size).to.equal(keys.length);
    const spellings = doc.attributes.flatMap((a) => [a.key, ...a.aliases]);
    expect(new Set(spellings).size, 'every key and alias is spelled once').to.equal(spellings.length);
  });

  it('gives every entry valid fields', () => {
    for (const a of doc.attributes) {
      expect(['string', 'int', 'double', 'boolean', 'string[]'], a.key).to.include(a.type);
      expect(['resource', 'record'], a.key).to.include(a.placement);
      expect(['required', 'recommended', 'opt_in'], a.key).to.include(a.requirement);
      expect(a.labelSafe, a.key).to.be.a('boolean');
      expect(a.otel === null || typeof a.otel === 'string', a.key).to.equal(true);
      expect(a.aliases, a.key).to.be.an('array');
      expect(a.description.trim(), a.key).to.not.equal('');
    }
  });

  it('holds the keys Dynamo components write, with their placement and label safety', () => {
    for (const key of ['service.name', 'namespace', 'component']) {
      expect(byKey.get(key), key).to.include({ placement: 'resource', labelSafe: true, requirement: 'required' });
    }
    expect(byKey.get('endpoint')?.labelSafe).to.equal(true);
    expect(byKey.get('level')?.labelSafe).to.equal(true);
    expect(byKey.get('instance_id')?.labelSafe).to.equal(false);
    const expected = [
      'request_id', 'x_request_id', 'model', 'method', 'uri', 'operation', 'input_tokens', 'output_tokens',
      'ttft_ms', 'avg_itl_ms', 'prefill_worker_id', 'decode_worker_id', 'worker_id', 'request.outcome',
      'trace_id', 'span_id', 'span_name', 'parent_id', 'tracestate', 'exception.type', 'exception.message',
      'exception.stacktrace', 'code.file.path', 'code.line.number', 'host.name', 'process.pid',
      'service.version', 'deployment.environment.name', 'status_code', 'lora_name',
    ];
    for (const key of expected) expect(byKey.has(key), key).to.equal(true);
    // High-cardinality values must never become Loki labels.
    for (const key of ['request_id', 'x_request_id', 'trace_id', 'span_id', 'uri', 'exception.message']) {
      expect(byKey.get(key)?.labelSafe, key).to.equal(false);
    }
  });

  it('records the OTel semantic-convention equivalents and their older spellings', () => {
    const otel: Record<string, [string, string[]]> = {
      namespace: ['service.namespace', ['service.namespace', 'service_namespace']],
      method: ['http.request.method', ['http.request.method', 'http.method']],
      uri: ['url.path', ['url.path', 'http.target']],
      model: ['gen_ai.request.model', ['gen_ai.request.model']],
      input_tokens: ['gen_ai.usage.input_tokens', ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens']],
      output_tokens: ['gen_ai.usage.output_tokens', ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens']],
      status_code: ['http.response.status_code', ['http.response.status_code', 'http.status_code']],
      'code.file.path': ['code.file.path', ['code.filepath']],
      'code.line.number': ['code.line.number', ['code.lineno']],
      'deployment.environment.name': ['deployment.environment.name', ['deployment.environment']],
      instance_id: ['service.instance.id', ['service.instance.id']],
      x_request_id: ['', ['x-request-id']],
    };
    for (const [key, [otelKey, aliases]] of Object.entries(otel)) {
      const def = byKey.get(key)!;
      if (otelKey !== '') expect(def.otel, key).to.equal(otelKey);
      expect(def.aliases, key).to.include.members(aliases);
    }
    for (const key of ['exception.type', 'exception.message', 'exception.stacktrace', 'host.name', 'process.pid']) {
      expect(byKey.get(key)?.otel, key).to.equal(key);
    }
  });

  it('types numbers as Dynamo writes them', () => {
    expect(byKey.get('input_tokens')?.type).to.equal('int');
    expect(byKey.get('status_code')?.type).to.equal('int');
    expect(byKey.get('ttft_ms')?.type).to.equal('double');
    // u64 worker ids exceed 2^53, so a JS number cannot carry them.
    expect(byKey.get('prefill_worker_id')?.type).to.equal('string');
  });

  describe('integrity checker catches', () => {
    const problemsAfter = (edit: (d: ReturnType<typeof clone>) => void): string[] => {
      const d = clone();
      edit(d);
      return registryProblems(d);
    };

    it('a duplicate key', () => {
      const problems = problemsAfter((d) => d.attributes.push({ ...d.attributes[0]!, aliases: [] }));
      expect(problems.join('\n')).to.contain('"service.name" is already a key or alias of "service.name"');
    });

    it('an alias that is another entry\'s key', () => {
      const problems = problemsAfter((d) => (d.attributes.find((a) => a.key === 'uri')!.aliases as string[]).push('method'));
      expect(problems.join('\n')).to.contain('"method" is already a key or alias of "method"');
    });

    it('an alias shared by two entries', () => {
      const problems = problemsAfter((d) => (d.attributes.find((a) => a.key === 'uri')!.aliases as string[]).push('http.method'));
      expect(problems.join('\n')).to.contain('"http.method" is already a key or alias of "method"');
    });

    it('an alias repeating its own key', () => {
      const problems = problemsAfter((d) => (d.attributes.find((a) => a.key === 'uri')!.aliases as string[]).push('uri'));
      expect(problems.join('\n')).to.contain('alias "uri" repeats its own key');
    });

    it('an OTel key that is a spelling of another entry', () => {
      const problems = problemsAfter((d) => (d.attributes.find((a) => a.key === 'request_id')!.otel = 'http.method'));
      expect(problems.join('\n')).to.contain('"request_id" names OTel key "http.method", which is a spelling of "method"');
    });

    it('bad field values', () => {
      const problems = problemsAfter((d) => {
        Object.assign(d.attributes.find((a) => a.key === 'model')!, {
          type: 'long', placement: 'span', labelSafe: 'yes', requirement: 'must', otel: 'Not A Key', description: '', extra: 1,
        });
        Object.assign(d.attributes.find((a) => a.key === 'ttft_ms')!, { pattern: '(' });
        Object.assign(d.attributes.find((a) => a.key === 'uri')!, { requirement: 'required' });
      });
      const text = problems.join('\n');
      for (const part of ['"type" must be one of', '"placement" must be one of', '"labelSafe" must be a boolean',
        '"requirement" must be one of', '"otel" must be null', '"description" must be one non-empty line',
        'unknown field "extra"', '"pattern" is only for string attributes', '"pattern" is not a valid regular expression',
        'only resource attributes can be required']) {
        expect(text).to.contain(part);
      }
    });

    it('two keys that would generate the same constant', () => {
      expect(constantName('request.outcome')).to.equal(constantName('request_outcome'));
      const problems = problemsAfter((d) => d.attributes.push({ ...d.attributes.find((a) => a.key === 'request.outcome')!, key: 'request_outcome' }));
      expect(problems.join('\n')).to.contain('constant ATTR_REQUEST_OUTCOME is also generated for "request.outcome"');
    });

    it('a missing version and an empty list', () => {
      expect(registryProblems({ attributes: [] })).to.deep.equal([
        '"version" must be a semver string such as 1.2.3',
        '"attributes" must be a non-empty array',
      ]);
      expect(() => parseRegistry('{"version":"1.0.0","attributes":[]}')).to.throw(/attributes.json is invalid/);
    });
  });
});
