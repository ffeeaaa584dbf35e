import { expect } from 'chai';
import { LineSplitter } from '../src/line-splitter';

describe('LineSplitter', () => {
  it('returns complete lines per chunk and keeps the unfinished one', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('a\nb'))).to.deep.equal(['a']);
    expect(s.push(Buffer.from('c\n\nd'))).to.deep.equal(['bc', '']);
    expect(s.end()).to.deep.equal(['d']);
    expect(s.end()).to.deep.equal([]);
  });

  it('drops the CR of CRLF endings', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('a\r\nb\r'))).to.deep.equal(['a']);
    expect(s.push(Buffer.from('\n'))).to.deep.equal(['b']);
  });

  it('joins a UTF-8 character split across chunks', () => {
    const bytes = Buffer.from('é漢\n');
    const s = new LineSplitter();
    const out: string[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(...s.push(bytes.subarray(i, i + 1)));
    expect(out).to.deep.equal(['é漢']);
  });
});
