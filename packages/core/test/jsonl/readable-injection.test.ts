import { SeverityNumber } from '../../src/otel-line';
import { expect } from 'chai';
import { escapeControl } from '../../src/jsonl/escape-control';
import { formatReadableLine } from '../../src/jsonl/readable-format';
import { makeRecord } from '../fixtures/make-record';

// Everything a terminal acts on: C0 but tab, DEL, C1, line separators, bidi controls.
const FORBIDDEN = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('readable form: log injection', () => {
  for (const ansi of [false, true]) {
    it(`a CR/LF in the message, a key, a value or the target cannot print a forged line (ansi ${ansi})`, () => {
      const record = makeRecord({
        severityNumber: SeverityNumber.INFO,
        scope: 'auth\r\n2026-01-01T00:00:00.000000Z ERROR x',
        body: 'login ok\n2026-01-01T00:00:00.000000Z ERROR auth: forged admin login',
        attributes: { 'user\r\n2026 ERROR auth: forged': 'v', plain: 'a\u2028b' },
      });
      const line = formatReadableLine(record, { ansi });
      const withoutOwnColours = ansi ? line.replace(/\x1b\[[0-9;]*m/g, '') : line;
      expect(withoutOwnColours).to.not.match(FORBIDDEN);
      expect(line.split('\n')).to.have.length(1);
      expect(withoutOwnColours).to.include('login ok\\n2026-01-01T00:00:00.000000Z ERROR auth: forged admin login');
      expect(withoutOwnColours).to.include('user\\r\\n2026 ERROR auth: forged="v"');
    });
  }

  it('ANSI, OSC and one-byte CSI escapes are shown, not obeyed, even with ansi off', () => {
    const record = makeRecord({
      body: 'real\r\x1b[2Kfake \x1b]0;title\x07 \x9b2J',
      attributes: { k: 'v\x1b[31mred\x7f', bidi: 'abc\u202eevil' },
    });
    const line = formatReadableLine(record, { ansi: false });
    expect(line).to.not.match(FORBIDDEN);
    expect(line).to.include('real\\r\\u001b[2Kfake \\u001b]0;title\\u0007 \\u009b2J');
    expect(line).to.include('bidi="abc\\u202eevil"');
    expect(line).to.include('k="v\\u001b[31mred\\u007f"');
  });

  it('a stack trace keeps its own line breaks, indented, and nothing else raw', () => {
    const record = makeRecord({ body: 'failed', attributes: { 'exception.stacktrace': 'Error: x\r\x1b[2K\n    at f (a.js:1:1)' } });
    const [first, ...rest] = formatReadableLine(record, { ansi: false }).split('\n');
    expect(first).to.match(/failed$/);
    expect(rest).to.deep.equal(['    Error: x\\r\\u001b[2K', '        at f (a.js:1:1)']);
  });

  it('plain text is returned as it is (tab and non-ASCII included)', () => {
    const text = 'model llama-3\tü 日本 ✓';
    expect(escapeControl(text)).to.equal(text);
  });
});
