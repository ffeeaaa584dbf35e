import { expect } from 'chai';
import { jsonValue } from '../../src/jsonl/json-value';

describe('jsonValue (attribute values as JSON text)', () => {
  it('writes scalars, and nothing for null/undefined', () => {
    expect(jsonValue('a"b')).to.equal('"a\\"b"');
    expect(jsonValue(1.5)).to.equal('1.5');
    expect(jsonValue(NaN)).to.equal('"NaN"');
    expect(jsonValue(false)).to.equal('false');
    expect(jsonValue(2n)).to.equal('"2"');
    expect(jsonValue(null)).to.equal(undefined);
    expect(jsonValue(undefined)).to.equal(undefined);
  });

  it('marks cycles but keeps shared (non-cyclic) references', () => {
    const shared = { x: 1 };
    expect(JSON.parse(jsonValue({ a: shared, b: shared })!)).to.deep.equal({ a: { x: 1 }, b: { x: 1 } });
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = { back: cyclic };
    expect(JSON.parse(jsonValue(cyclic)!)).to.deep.equal({ n: 1, self: { back: '[Circular]' } });
  });

  it('writes binary as base64 and BigInt inside objects as strings', () => {
    expect(JSON.parse(jsonValue({ b: new Uint8Array([1, 2, 3]), n: 5n })!)).to.deep.equal({ b: 'AQID', n: '5' });
  });
});
