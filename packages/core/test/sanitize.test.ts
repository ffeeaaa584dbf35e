import { expect } from 'chai';
import { toAnyValue, wellFormed } from '../src/sanitize';

describe('toAnyValue', () => {
  it('turns class instances that keep state off own keys into their string form', () => {
    expect(toAnyValue(new URL('https://example.com/a?b=1'))).to.equal('https://example.com/a?b=1');
    expect(toAnyValue(new URLSearchParams('a=1&b=2'))).to.equal('a=1&b=2');
  });

  it('keeps plain objects as maps and empty plain objects empty', () => {
    expect(toAnyValue({ a: 1, b: { c: 'x' } })).to.deep.equal({ a: 1, b: { c: 'x' } });
    expect(toAnyValue({})).to.deep.equal({});
    expect(toAnyValue(Object.create(null))).to.deep.equal({});
  });

  it('makes lone surrogates well formed', () => {
    expect(wellFormed('a\ud800b')).to.equal('a\ufffdb');
    expect(Buffer.from(wellFormed('\udc00'), 'utf8').toString('utf8')).to.equal('\ufffd');
  });
});
