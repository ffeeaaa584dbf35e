import { TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { expect } from 'chai';
import { formatDynamoLine, formatReadableLine } from '@dynamo-logging/core/delivery';
import { formatPassThrough, formatPrettyRecord } from '../src/pretty-format';

const ANSI = /\x1b\[[0-9;]*m/g;

/** A record as core's exporter receives it (the fields both formatters read). */
function coreRecord(attributes: Record<string, unknown>, body: string, stack?: string): ReadableLogRecord {
  return {
    hrTime: [1761944805, 397194123],
    hrTimeObserved: [1761944805, 397194123],
    severityNumber: SeverityNumber.ERROR,
    body,
    instrumentationScope: { name: 'dynamo.http' },
    spanContext: { traceId: '80196f3e3a6fdf06d23bb9ada3788518', spanId: 'f7e487a9d2a6bf38', traceFlags: TraceFlags.SAMPLED },
    attributes: { ...attributes, ...(stack ? { 'exception.stacktrace': stack } : {}) },
    droppedAttributesCount: 0,
  } as unknown as ReadableLogRecord;
}

describe('formatPrettyRecord', () => {
  it("prints a JSONL line as @dynamo-logging/core's readable console prints the same record, with and without colour", () => {
    const record = coreRecord({ method: 'POST', uri: '/v1/chat/completions', input_tokens: 12, nested: { a: [1, 'b'] } }, 'request failed', 'Error: x\n    at f (a.ts:1:1)');
    const parsed = JSON.parse(formatDynamoLine(record)) as Record<string, unknown>;
    expect(formatPrettyRecord(parsed, false)).to.equal(formatReadableLine(record, { ansi: false }));
    expect(formatPrettyRecord(parsed, true).replace(ANSI, '')).to.equal(formatReadableLine(record, { ansi: false }));
    expect(formatPrettyRecord(parsed, true)).to.include('\x1b[31mERROR\x1b[0m').and.include('\x1b[2m2025-10-31T21:06:45.397194Z\x1b[0m');
  });

  it("shows a Rust line's file and line after the target, as tracing-subscriber does", () => {
    const line =
      '{"time":"2025-10-31T21:06:45.397194Z","level":"DEBUG","file":"lib/llm/src/http/service/openai.rs","line":230,"target":"dynamo.http","message":"Registering new stream","method":"POST","span_id":"f7e487a9d2a6bf38","span_name":"http-request","trace_id":"80196f3e3a6fdf06d23bb9ada3788518","uri":"/v1/chat/completions","x_request_id":"8372eac7-5f43-4d76-beca-0a94cfb311d0"}';
    expect(formatPrettyRecord(JSON.parse(line) as Record<string, unknown>, false)).to.equal(
      '2025-10-31T21:06:45.397194Z DEBUG dynamo.http: lib/llm/src/http/service/openai.rs:230: Registering new stream method="POST" span_name="http-request" ' +
        'uri="/v1/chat/completions" x_request_id="8372eac7-5f43-4d76-beca-0a94cfb311d0" trace_id=80196f3e3a6fdf06d23bb9ada3788518 span_id=f7e487a9d2a6bf38',
    );
  });

  it('escapes control characters in the message, keys, values and stack, so one record is one screen line plus indented stack lines', () => {
    const out = formatPrettyRecord(
      {
        time: '2025-10-31T21:06:45.397194Z',
        level: 'INFO',
        target: 'dynamo.http\x1b[0m',
        message: 'ok\r\n2025-10-31T21:00:00.000000Z ERROR dynamo.http: forged \x1b]0;title\x07',
        'k\ney': 'v\u009b2J',
        'exception.stacktrace': 'Error: a\n    at b\x1b[2K\r\nforged',
      },
      false,
    );
    expect(out).to.equal(
      '2025-10-31T21:06:45.397194Z  INFO dynamo.http\\u001b[0m: ok\\r\\n2025-10-31T21:00:00.000000Z ERROR dynamo.http: forged \\u001b]0;title\\u0007 k\\ney="v\\u009b2J"' +
        '\n    Error: a\n        at b\\u001b[2K\n    forged',
    );
    expect(out).to.not.match(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });

  it('reads pino lines too: epoch milliseconds, numeric levels, msg', () => {
    expect(formatPrettyRecord({ level: 40, time: 1761944805397, pid: 7, hostname: 'h', msg: 'slow' }, false)).to.equal(
      '2025-10-31T21:06:45.397Z  WARN slow pid=7 hostname="h"',
    );
  });
});

describe('formatPassThrough', () => {
  it('keeps a line that is not JSON as it is, tabs included, escaping only control characters', () => {
    expect(formatPassThrough("thread 'main' panicked at src/main.rs:3:5:\tboom")).to.equal("thread 'main' panicked at src/main.rs:3:5:\tboom");
    expect(formatPassThrough('a\x1b[2Jb\rc')).to.equal('a\\u001b[2Jb\\rc');
  });
});
