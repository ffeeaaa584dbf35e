import { expect } from 'chai';
import { escapeControl } from '../src/escape-text';

describe('escapeControl', () => {
  it('returns text without control characters as it is', () => {
    const text = 'Registering new stream é 漢字 "quoted" \\ back';
    expect(escapeControl(text)).to.equal(text);
  });

  it('writes CR, LF and tab by name and other C0 controls, DEL and C1 controls as \\u escapes', () => {
    expect(escapeControl('a\r\nb\tc')).to.equal('a\\r\\nb\\tc');
    expect(escapeControl('\x1b[2J\x1b]0;title\x07')).to.equal('\\u001b[2J\\u001b]0;title\\u0007');
    expect(escapeControl('\x00\x7f\u009b31m\u009d')).to.equal('\\u0000\\u007f\\u009b31m\\u009d');
  });

  it('escapes line separators and bidirectional overrides, which can reorder or break what is shown', () => {
    expect(escapeControl('a\u2028b\u2029c')).to.equal('a\\u2028b\\u2029c');
    expect(escapeControl('user\u202eexe.txt\u2066x\u2069')).to.equal('user\\u202eexe.txt\\u2066x\\u2069');
  });
});
