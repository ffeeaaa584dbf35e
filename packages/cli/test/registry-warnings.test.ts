import { expect } from 'chai';
import { registryWarnings } from '../src/registry-warnings';

describe('registryWarnings', () => {
  it('says nothing about the line head and registry keys', () => {
    const record = { time: 't', level: 'INFO', file: 'f', line: 1, target: 'x', message: 'm', method: 'GET', trace_id: 'a', 'request.outcome': 'error' };
    expect(registryWarnings(record)).to.deep.equal([]);
  });

  it('warns about unknown keys and other spellings of registry keys', () => {
    expect(registryWarnings({ message: 'm', gpu_util: 0.9, 'http.request.method': 'GET' })).to.deep.equal([
      { key: 'gpu_util', message: 'unknown key (not in the attribute registry)' },
      { key: 'http.request.method', message: 'another spelling of the registry key "method"' },
    ]);
  });
});
