import { expect } from 'chai';
import { validateJsonlLine } from '@dynamo-logging/semconv';
import { errorKey } from '../src/error-key';

const T = '"time":"2025-10-31T21:06:45.397194Z"';

/** The keys named by what semconv's validator says about a line. */
function keysOf(line: string): Array<string | undefined> {
  return validateJsonlLine(line).errors.map(errorKey);
}

describe('errorKey', () => {
  it('names the key of each kind of error semconv reports', () => {
    expect(keysOf(`{"time":"2025-10-31T21:06:45Z","level":"INFO","message":"m"}`)).to.deep.equal(['time']);
    expect(keysOf(`{${T},"level":"INFO"}`)).to.deep.equal(['message']);
    expect(keysOf(`{${T},"level":"LOUD","message":"m"}`)).to.deep.equal(['level']);
    expect(keysOf(`{${T},"level":"INFO","message":"m","input_tokens":"x"}`)).to.deep.equal(['input_tokens']);
    expect(keysOf(`{${T},"level":"INFO","message":"m","x":{"y":null}}`)).to.deep.equal(['x']);
    expect(keysOf(`{${T},"level":"INFO","message":"m","span_id":"f7e487a9d2a6bf38"}`)).to.deep.equal(['trace_id']);
    expect(keysOf(`{${T},"level":"INFO","message":"m","b":1,"a":2}`)).to.deep.equal(['b']);
    expect(keysOf(`{${T},"level":"INFO","message":"m","a":1,"a":2}`)).to.deep.equal(['a']);
  });

  it('names no key for errors about the whole line', () => {
    expect(keysOf('not json')).to.deep.equal([undefined]);
    expect(keysOf(`{${T}, "level":"INFO","message":"m"}`)).to.deep.equal([undefined]);
  });
});
