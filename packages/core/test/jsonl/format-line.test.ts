import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TraceFlags, createTraceState } from '@opentelemetry/api';
import { SeverityNumber } from '../../src/otel-line';
import { validateJsonlLine } from '@dynamo-logging/semconv';
import { expect } from 'chai';
import { formatDynamoLine } from '../../src/jsonl/format-line';
import { makeRecord, SAMPLE_SPAN, SAMPLE_TIME } from '../fixtures/make-record';

function expectValid(line: string): void {
  const result = validateJsonlLine(line);
  expect(result.errors, line).to.deep.equal([]);
  expect(result.valid).to.equal(true);
  // One compact line of valid UTF-8 that JSON.parse accepts.
  expect(line).to.not.match(/[\r\n]/);
  expect(Buffer.from(line, 'utf8').toString('utf8')).to.equal(line);
  expect(() => JSON.parse(line)).to.not.throw();
}

describe('formatDynamoLine', () => {
  it('prints DESIGN.md sample line byte for byte', () => {
    const record = makeRecord({
      severityNumber: SeverityNumber.DEBUG,
      severityText: 'DEBUG',
      body: 'Registering new stream',
      scope: 'dynamo.http',
      spanContext: SAMPLE_SPAN,
      attributes: {
        'code.file.path': 'src/server.ts',
        'code.line.number': 230,
        x_request_id: '8372eac7-5f43-4d76-beca-0a94cfb311d0',
        uri: '/v1/chat/completions',
        span_name: 'http-request',
        method: 'POST',
      },
    });
    const line = formatDynamoLine(record);
    expect(line).to.equal(
      '{"time":"2025-10-31T21:06:45.397194Z","level":"DEBUG","file":"src/server.ts","line":230,"target":"dynamo.http",' +
        '"message":"Registering new stream","method":"POST","span_id":"f7e487a9d2a6bf38","span_name":"http-request",' +
        '"trace_id":"80196f3e3a6fdf06d23bb9ada3788518","uri":"/v1/chat/completions","x_request_id":"8372eac7-5f43-4d76-beca-0a94cfb311d0"}',
    );
    expectValid(line);
  });

  it('puts time, level, file, line, target, message first, then every other key sorted', () => {
    const line = formatDynamoLine(
      makeRecord({
        severityNumber: SeverityNumber.INFO,
        body: 'm',
        attributes: { zeta: 1, Alpha: 2, alpha: 3, _under: 4, 'a.b': 5, aa: 6, line: 12, file: 'x.ts' },
      }),
    );
    expect(Object.keys(JSON.parse(line))).to.deep.equal(['time', 'level', 'file', 'line', 'target', 'message', 'Alpha', '_under', 'a.b', 'aa', 'alpha', 'zeta']);
    expect(line).to.equal(
      '{"time":"2025-10-31T21:06:45.397194Z","level":"INFO","file":"x.ts","line":12,"target":"dynamo.http","message":"m",' +
        '"Alpha":2,"_under":4,"a.b":5,"aa":6,"alpha":3,"zeta":1}',
    );
    expectValid(line);
  });

  it('sorts keys beyond U+FFFF by code point, as the Rust writer and the validator do', () => {
    const line = formatDynamoLine(makeRecord({ body: 'm', attributes: { '\u{1F600}': 1, '\uFF01': 2, b: 3 } }));
    expect(Object.keys(JSON.parse(line)).slice(4)).to.deep.equal(['b', '\uFF01', '\u{1F600}']);
    expectValid(line);
  });

  it('prints exactly six fractional digits of UTC, truncating nanoseconds', () => {
    const at = (hrTime: [number, number]): string => JSON.parse(formatDynamoLine(makeRecord({ hrTime, body: 'm' }))).time;
    expect(at([1761944805, 0])).to.equal('2025-10-31T21:06:45.000000Z');
    expect(at([1761944805, 5_999])).to.equal('2025-10-31T21:06:45.000005Z');
    expect(at([1761944805, 999_999_999])).to.equal('2025-10-31T21:06:45.999999Z');
    expect(at([0, 1_000])).to.equal('1970-01-01T00:00:00.000001Z');
    expect(at(SAMPLE_TIME as [number, number])).to.equal('2025-10-31T21:06:45.397194Z');
  });

  it('prints the local time with its offset when localTime is set (TZ set in a child process)', function () {
    this.timeout(20_000);
    const fixture = join(__dirname, '..', 'fixtures', 'print-local-line.ts');
    const run = (tz: string): string[] =>
      execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', fixture], {
        env: { ...process.env, TZ: tz, NODE_OPTIONS: '' },
        encoding: 'utf8',
      })
        .trim()
        .split('\n');
    const [kolkata, kolkataReadable] = run('Asia/Kolkata');
    expect(kolkata).to.equal('{"time":"2025-11-01T02:36:45.397194+05:30","level":"INFO","target":"dynamo.http","message":"local time"}');
    expect(kolkataReadable).to.equal('2025-11-01T02:36:45.397194+05:30  INFO dynamo.http: local time');
    expectValid(kolkata!);
    const [newYork] = run('America/New_York');
    expect(newYork).to.equal('{"time":"2025-10-31T17:06:45.397194-04:00","level":"INFO","target":"dynamo.http","message":"local time"}');
    expectValid(newYork!);
    const [utc] = run('UTC');
    expect(utc).to.equal('{"time":"2025-10-31T21:06:45.397194+00:00","level":"INFO","target":"dynamo.http","message":"local time"}');
    expectValid(utc!);
  });

  it('maps every OTel severity to a Dynamo level name, FATAL to ERROR', () => {
    const level = (severityNumber: number): string => JSON.parse(formatDynamoLine(makeRecord({ severityNumber, body: 'm' }))).level;
    const expected: Record<number, string> = {};
    for (let n = 1; n <= 4; n++) expected[n] = 'TRACE';
    for (let n = 5; n <= 8; n++) expected[n] = 'DEBUG';
    for (let n = 9; n <= 12; n++) expected[n] = 'INFO';
    for (let n = 13; n <= 16; n++) expected[n] = 'WARN';
    for (let n = 17; n <= 24; n++) expected[n] = 'ERROR';
    for (let n = 1; n <= 24; n++) expect(level(n), `severity ${n}`).to.equal(expected[n]);
  });

  it('falls back to severityText when there is no severity number, and to INFO', () => {
    const level = (severityText?: string, severityNumber?: number): string =>
      JSON.parse(
        formatDynamoLine(
          makeRecord({ body: 'm', ...(severityText !== undefined ? { severityText } : {}), ...(severityNumber !== undefined ? { severityNumber } : {}) }),
        ),
      ).level;
    expect(level('warning')).to.equal('WARN');
    expect(level('Warn')).to.equal('WARN');
    expect(level('fatal')).to.equal('ERROR');
    expect(level('CRITICAL')).to.equal('ERROR');
    expect(level('error')).to.equal('ERROR');
    expect(level('debug')).to.equal('DEBUG');
    expect(level('trace')).to.equal('TRACE');
    expect(level('chatty')).to.equal('INFO');
    expect(level(undefined)).to.equal('INFO');
    expect(level('error', SeverityNumber.UNSPECIFIED)).to.equal('ERROR');
    // A severity number beats the text.
    expect(level('error', SeverityNumber.DEBUG)).to.equal('DEBUG');
  });

  it('leaves out file, line and target when unknown, and never prints null or undefined', () => {
    const line = formatDynamoLine(
      makeRecord({ scope: '', body: undefined, attributes: { a: null, b: undefined, c: { d: null, e: [null, 1, undefined] }, keep: 'x' } as never }),
    );
    expect(line).to.equal('{"time":"2025-10-31T21:06:45.397194Z","level":"INFO","message":"","c":{"e":[1]},"keep":"x"}');
    expect(line).to.not.include('null');
    expectValid(line);
  });

  it('takes file and line from the OTel code attributes or their older spellings', () => {
    const fileLine = (attributes: Record<string, unknown>): [unknown, unknown] => {
      const parsed = JSON.parse(formatDynamoLine(makeRecord({ body: 'm', attributes })));
      return [parsed.file, parsed.line];
    };
    expect(fileLine({ 'code.filepath': 'a.ts', 'code.lineno': 3 })).to.deep.equal(['a.ts', 3]);
    expect(fileLine({ 'code.file.path': 'b.ts', 'code.filepath': 'a.ts', 'code.line.number': '7' })).to.deep.equal(['b.ts', 7]);
    expect(fileLine({ file: 'c.ts' })).to.deep.equal(['c.ts', undefined]);
  });

  it('prints no line number that the schema would reject (negative, fractional, not a number)', () => {
    for (const bad of [-1, 1.5, 'x', '', ' ', '1e3', Number.NaN, Number.POSITIVE_INFINITY, true, { n: 1 }]) {
      const line = formatDynamoLine(makeRecord({ body: 'm', attributes: { 'code.file.path': 'a.ts', 'code.line.number': bad } as never }));
      expect(JSON.parse(line)).to.not.have.property('line');
      expectValid(line);
    }
  });

  it('writes trace fields only with a valid span context, span_name/parent_id/tracestate only inside a span', () => {
    const spanAttrs = { span_name: 'http-request', parent_id: '1111111111111111', tracestate: 'a=b', trace_id: 'f'.repeat(32), span_id: 'e'.repeat(16) };
    const outside = formatDynamoLine(makeRecord({ body: 'm', attributes: { ...spanAttrs, model: 'llama' } }));
    expect(outside).to.equal('{"time":"2025-10-31T21:06:45.397194Z","level":"INFO","target":"dynamo.http","message":"m","model":"llama"}');
    expectValid(outside);

    const invalid = formatDynamoLine(
      makeRecord({ body: 'm', attributes: spanAttrs, spanContext: { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: TraceFlags.NONE } }),
    );
    expect(invalid).to.equal('{"time":"2025-10-31T21:06:45.397194Z","level":"INFO","target":"dynamo.http","message":"m"}');

    const inside = formatDynamoLine(makeRecord({ body: 'm', attributes: spanAttrs, spanContext: { ...SAMPLE_SPAN, traceState: createTraceState('a=b') } }));
    // The span context's ids win over attributes of the same name.
    expect(inside).to.equal(
      '{"time":"2025-10-31T21:06:45.397194Z","level":"INFO","target":"dynamo.http","message":"m","parent_id":"1111111111111111",' +
        '"span_id":"f7e487a9d2a6bf38","span_name":"http-request","trace_id":"80196f3e3a6fdf06d23bb9ada3788518","tracestate":"a=b"}',
    );
    expectValid(inside);

    const bare = formatDynamoLine(makeRecord({ body: 'm', spanContext: SAMPLE_SPAN }));
    expect(bare).to.equal(
      '{"time":"2025-10-31T21:06:45.397194Z","level":"INFO","target":"dynamo.http","message":"m","span_id":"f7e487a9d2a6bf38","trace_id":"80196f3e3a6fdf06d23bb9ada3788518"}',
    );
    expectValid(bare);
  });

  it('encodes non-finite numbers, BigInt, nested objects, Uint8Array, Dates and cycles as valid JSON', () => {
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    const attributes = {
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      ninf: Number.NEGATIVE_INFINITY,
      big: 12345678901234567890n,
      nested: { a: { b: [1, 'two', { c: true }] } },
      bytes: new Uint8Array([0, 1, 2, 250, 255]),
      sub: Buffer.from('hello world').subarray(6),
      when: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)),
      bad: new Date(Number.NaN),
      cyclic,
      fn: function named() {},
      sym: Symbol('s'),
      neg0: -0,
      big2: 1e21,
    };
    const line = formatDynamoLine(makeRecord({ body: 'm', attributes: attributes as never }));
    expect(line).to.equal(
      '{"time":"2025-10-31T21:06:45.397194Z","level":"INFO","target":"dynamo.http","message":"m",' +
        '"bad":"Invalid Date","big":"12345678901234567890","big2":1e+21,"bytes":"AAEC+v8=",' +
        '"cyclic":{"name":"c","self":"[Circular]"},"fn":"[Function named]","inf":"Infinity","nan":"NaN",' +
        '"neg0":0,"nested":{"a":{"b":[1,"two",{"c":true}]}},"ninf":"-Infinity","sub":"d29ybGQ=","sym":"Symbol(s)",' +
        '"when":"2025-01-02T03:04:05.006Z"}',
    );
    expectValid(line);
  });

  it('keeps a body object as JSON text in message, and escapes control characters and lone surrogates', () => {
    const line = formatDynamoLine(makeRecord({ body: { a: 1 } as never, attributes: { s: 'tab\tnl\n\u0000 \uD800x', '\uDC00k': 1 } }));
    expectValid(line);
    const parsed = JSON.parse(line);
    expect(parsed.message).to.equal('{"a":1}');
    expect(parsed.s).to.equal('tab\tnl\n\u0000 \uD800x');
    expect(line).to.include('"s":"tab\\tnl\\n\\u0000 \\ud800x"');
  });
});
