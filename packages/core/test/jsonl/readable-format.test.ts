import { SeverityNumber } from '../../src/otel-line';
import { expect } from 'chai';
import { formatReadableLine } from '../../src/jsonl/readable-format';
import { makeRecord, SAMPLE_SPAN } from '../fixtures/make-record';

const ANSI = /\x1b\[[0-9;]*m/g;

describe('formatReadableLine', () => {
  const record = makeRecord({
    severityNumber: SeverityNumber.DEBUG,
    body: 'Registering new stream',
    spanContext: SAMPLE_SPAN,
    attributes: { uri: '/v1/chat/completions', method: 'POST', tokens: 12, gone: null } as never,
  });

  it("prints Dynamo's readable form without colour when ansi is off", () => {
    const line = formatReadableLine(record, { ansi: false });
    expect(line).to.equal(
      '2025-10-31T21:06:45.397194Z DEBUG dynamo.http: Registering new stream method="POST" tokens=12 uri="/v1/chat/completions" ' +
        'trace_id=80196f3e3a6fdf06d23bb9ada3788518 span_id=f7e487a9d2a6bf38',
    );
    expect(line).to.not.include('\x1b');
    // Off is the default.
    expect(formatReadableLine(record)).to.equal(line);
  });

  it('colours time, level, target and keys when ansi is on, with the same text underneath', () => {
    const plain = formatReadableLine(record, { ansi: false });
    const coloured = formatReadableLine(record, { ansi: true });
    expect(coloured).to.include('\x1b[34mDEBUG\x1b[0m');
    expect(coloured).to.include('\x1b[2m2025-10-31T21:06:45.397194Z\x1b[0m');
    expect(coloured.replace(ANSI, '')).to.equal(plain);
  });

  it('pads level names to five columns and colours each level differently', () => {
    const colours = new Set<string>();
    const expected: Array<[SeverityNumber, string]> = [
      [SeverityNumber.TRACE, 'TRACE'],
      [SeverityNumber.DEBUG, 'DEBUG'],
      [SeverityNumber.INFO, ' INFO'],
      [SeverityNumber.WARN, ' WARN'],
      [SeverityNumber.ERROR, 'ERROR'],
      [SeverityNumber.FATAL, 'ERROR'],
    ];
    for (const [severityNumber, name] of expected) {
      const r = makeRecord({ severityNumber, body: 'm' });
      expect(formatReadableLine(r)).to.equal(`2025-10-31T21:06:45.397194Z ${name} dynamo.http: m`);
      colours.add(formatReadableLine(r, { ansi: true }).split(' ')[1]!.slice(0, 5));
    }
    expect(colours.size).to.equal(5);
  });

  it('prints an exception stack trace indented under the line, not as a key', () => {
    const r = makeRecord({
      severityNumber: SeverityNumber.ERROR,
      body: 'boom',
      scope: '',
      attributes: { 'exception.type': 'Error', 'exception.stacktrace': 'Error: boom\n    at f (a.ts:1:1)' },
    });
    expect(formatReadableLine(r)).to.equal('2025-10-31T21:06:45.397194Z ERROR boom exception.type="Error"\n    Error: boom\n        at f (a.ts:1:1)');
  });
});
