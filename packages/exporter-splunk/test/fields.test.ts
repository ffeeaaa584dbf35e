import { expect } from 'chai';
import { addField } from '../src/fields';

function fields(key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, string | number | Array<string | number>> = {};
  addField(out, key, value);
  // What goes on the wire is the JSON text, so check it round-trips.
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}

describe('indexed fields flattening', () => {
  it('keeps strings and finite numbers, stringifies booleans, bigints and non-finite numbers', () => {
    expect(fields('a', 'x')).to.deep.equal({ a: 'x' });
    expect(fields('n', 42.5)).to.deep.equal({ n: 42.5 });
    expect(fields('b', true)).to.deep.equal({ b: 'true' });
    expect(fields('big', 12345678901234567890n)).to.deep.equal({ big: '12345678901234567890' });
    expect(fields('inf', Infinity)).to.deep.equal({ inf: 'Infinity' });
    expect(fields('none', null)).to.deep.equal({});
  });

  it('flattens nested objects to dotted keys', () => {
    expect(fields('http', { request: { method: 'POST', size: 3 }, ok: false })).to.deep.equal({
      'http.request.method': 'POST',
      'http.request.size': 3,
      'http.ok': 'false',
    });
  });

  it('keeps arrays of scalars as arrays and turns other arrays into their JSON text', () => {
    expect(fields('tags', ['a', 1, true, null])).to.deep.equal({ tags: ['a', 1, 'true'] });
    expect(fields('nested', [[1], { a: 1 }])).to.deep.equal({ nested: '[[1],{"a":1}]' });
  });

  it('never throws on cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const out = fields('c', cyclic);
    expect(out['c.a']).to.equal(1);
    expect(Object.keys(out).some((k) => k.startsWith('c.self'))).to.equal(true);
    const arr: unknown[] = [];
    arr.push({ arr });
    expect(fields('arr', arr)).to.deep.equal({ arr: '[unserializable]' });
  });
});
