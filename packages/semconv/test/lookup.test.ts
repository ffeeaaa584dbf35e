import { expect } from 'chai';
import {
  ATTRIBUTE_REGISTRY,
  canonicalKey,
  isLabelSafe,
  lookupAttribute,
  requiredResourceKeys,
} from '../src';

describe('lookup', () => {
  it('finds a definition by its canonical key', () => {
    const def = lookupAttribute('x_request_id');
    expect(def?.key).to.equal('x_request_id');
    expect(def?.type).to.equal('string');
  });

  it('normalises every alias to its canonical key', () => {
    const cases: Record<string, string> = {
      'http.request.method': 'method',
      'http.method': 'method',
      'url.path': 'uri',
      'http.target': 'uri',
      'x-request-id': 'x_request_id',
      service_namespace: 'namespace',
      'service.namespace': 'namespace',
      'gen_ai.request.model': 'model',
      'gen_ai.usage.input_tokens': 'input_tokens',
      'gen_ai.usage.output_tokens': 'output_tokens',
      'http.response.status_code': 'status_code',
      'code.lineno': 'code.line.number',
      hostname: 'host.name',
      pid: 'process.pid',
    };
    for (const [alias, key] of Object.entries(cases)) {
      expect(canonicalKey(alias), alias).to.equal(key);
      expect(lookupAttribute(alias), alias).to.equal(lookupAttribute(key));
    }
  });

  it('resolves every key and alias in the registry to its own entry', () => {
    for (const def of ATTRIBUTE_REGISTRY) {
      for (const spelling of [def.key, ...def.aliases]) expect(lookupAttribute(spelling), spelling).to.equal(def);
    }
  });

  it('does not know other spellings: lookups are exact', () => {
    for (const key of ['X-Request-Id', 'Method', 'unknown_key', '', 'toString', '__proto__', 'constructor']) {
      expect(lookupAttribute(key), key).to.equal(undefined);
      expect(canonicalKey(key), key).to.equal(undefined);
      expect(isLabelSafe(key), key).to.equal(false);
    }
  });

  it('says which keys may be labels, through aliases too', () => {
    expect(isLabelSafe('service.name')).to.equal(true);
    expect(isLabelSafe('service_namespace')).to.equal(true);
    expect(isLabelSafe('component')).to.equal(true);
    expect(isLabelSafe('level')).to.equal(true);
    expect(isLabelSafe('instance_id')).to.equal(false);
    expect(isLabelSafe('service.instance.id')).to.equal(false);
    expect(isLabelSafe('x-request-id')).to.equal(false);
  });

  it('lists the required resource keys, frozen', () => {
    expect(requiredResourceKeys()).to.deep.equal(['service.name', 'namespace', 'component']);
    expect(Object.isFrozen(requiredResourceKeys())).to.equal(true);
    expect(requiredResourceKeys()).to.equal(requiredResourceKeys());
  });
});
