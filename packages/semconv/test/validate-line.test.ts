import { expect } from 'chai';
import { ATTRIBUTE_REGISTRY, compareLineKeys, JSONL_LINE_SCHEMA, validateJsonlLine } from '../src';

const DESIGN_LINE =
  '{"time":"2025-10-31T21:06:45.397194Z","level":"DEBUG","file":"src/server.ts","line":230,"target":"dynamo.http",' +
  '"message":"Registering new stream","method":"POST","span_id":"f7e487a9d2a6bf38","span_name":"http-request",' +
  '"trace_id":"80196f3e3a6fdf06d23bb9ada3788518","uri":"/v1/chat/completions","x_request_id":"8372eac7-5f43-4d76-beca-0a94cfb311d0"}';

const base = { time: '2025-10-31T21:06:45.397194Z', level: 'INFO', message: 'hello' };
/** A line from fields, in the given order, as JSON.stringify writes it. */
const line = (fields: Record<string, unknown>): string => JSON.stringify(fields);

function valid(text: string | object): void {
  const result = validateJsonlLine(text);
  expect(result.errors, typeof text === 'string' ? text : JSON.stringify(text)).to.deep.equal([]);
  expect(result.valid).to.equal(true);
}

function invalid(text: string | object, ...expected: RegExp[]): void {
  const result = validateJsonlLine(text);
  expect(result.valid, typeof text === 'string' ? text : JSON.stringify(text)).to.equal(false);
  for (const re of expected) expect(result.errors.some((e) => re.test(e)), `${re} in ${JSON.stringify(result.errors)}`).to.equal(true);
  // Each bad case fails only for the reasons named, not by accident.
  expect(result.errors).to.have.length(expected.length, JSON.stringify(result.errors));
}

describe('validateJsonlLine', () => {
  describe('accepts', () => {
    it('the Dynamo line from DESIGN.md', () => valid(DESIGN_LINE));

    it('lines Dynamo\'s Rust and Python components write (docs/observability/logging.md)', () => {
      valid(
        '{"time":"2025-10-31T21:06:45.418584Z","level":"DEBUG","file":"/opt/dynamo/lib/llm/src/kv_router/prefill_router.rs",' +
          '"line":232,"target":"dynamo_llm::kv_router::prefill_router","message":"Prefill succeeded, using disaggregated params for decode",' +
          '"method":"POST","span_id":"f7e487a9d2a6bf38","span_name":"http-request","trace_id":"80196f3e3a6fdf06d23bb9ada3788518",' +
          '"uri":"/v1/chat/completions","version":"HTTP/1.1","x_request_id":"8372eac7-5f43-4d76-beca-0a94cfb311d0"}',
      );
      valid(
        '{"time":"2025-09-02T15:53:31.943377Z","level":"INFO","target":"log","message":"VllmWorker for Qwen/Qwen3-0.6B has been initialized",' +
          '"log.file":"/opt/dynamo/venv/lib/python3.12/site-packages/dynamo/vllm/main.py","log.line":191,"log.target":"main.init"}',
      );
    });

    it('the smallest line, and the same as an object', () => {
      valid(line(base));
      valid({ ...base });
    });

    it('a local time with its offset', () => {
      valid(line({ ...base, time: '2025-10-31T14:06:45.397194-07:00' }));
      valid(line({ ...base, time: '2025-10-31T23:06:45.397194+02:00' }));
    });

    it('every level name', () => {
      for (const level of ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE']) valid(line({ ...base, level }));
    });

    it('unknown keys of any non-null JSON type, sorted after the head', () => {
      valid(line({ ...base, a_list: [1, 'x', { b: true }], b_obj: { c: { d: 1.5 } }, flag: false, zeta: 'z' }));
    });

    it('a line that carries every registry key with a value of its type', () => {
      const sample: Record<string, unknown> = {};
      for (const def of ATTRIBUTE_REGISTRY) {
        if (def.key === 'level') continue;
        sample[def.key] =
          def.enum?.[0] ??
          (def.key === 'trace_id' ? '80196f3e3a6fdf06d23bb9ada3788518' : def.pattern ? 'f7e487a9d2a6bf38' : undefined) ??
          { string: 'v', int: 7, double: 1.5, boolean: true, 'string[]': ['a'] }[def.type];
      }
      const rest = Object.keys(sample).sort(compareLineKeys);
      const ordered: Record<string, unknown> = { time: base.time, level: 'INFO', message: 'm' };
      for (const key of rest) ordered[key] = sample[key];
      valid(line(ordered));
    });

    it('keys that look like array indexes, in the order the text has them', () => {
      // An object would move "9" before "10"; the validator reads the text.
      valid('{"time":"2025-10-31T21:06:45.397194Z","level":"INFO","message":"m","10":1,"9":2}');
    });

    it('whitespace and escaped line breaks inside strings', () => {
      valid(line({ ...base, message: 'two words\nand a tab\t', 'exception.stacktrace': 'Error: x\n    at f (a.ts:1:1)' }));
    });
  });

  describe('rejects', () => {
    it('a line without time, level or message', () => {
      invalid(line({ level: 'INFO', message: 'm' }), /^line must have required property 'time'$/);
      invalid(line({ time: base.time, message: 'm' }), /^line must have required property 'level'$/);
      invalid(line({ time: base.time, level: 'INFO' }), /^line must have required property 'message'$/);
    });

    it('times without exactly six fractional digits or a zone', () => {
      for (const time of ['2025-10-31T21:06:45.397Z', '2025-10-31T21:06:45.3971945Z', '2025-10-31T21:06:45Z',
        '2025-10-31T21:06:45.397194', '2025-10-31T21:06:45.397194+0200', '2025-10-31 21:06:45.397194Z',
        '2025-13-31T21:06:45.397194Z', '2025-10-31T24:06:45.397194Z']) {
        invalid(line({ ...base, time }), /^\/time must be YYYY-MM-DDTHH:MM:SS\.ffffff/);
      }
    });

    it('level names Dynamo does not write', () => {
      invalid(line({ ...base, level: 'info' }), /^\/level must be equal to one of the allowed values \(ERROR\|WARN\|INFO\|DEBUG\|TRACE\)$/);
      invalid(line({ ...base, level: 'FATAL' }), /^\/level must be equal to one of the allowed values/);
    });

    it('a line number that is negative, fractional or text', () => {
      const at = (l: unknown) => line({ time: base.time, level: 'INFO', file: 'a.ts', line: l, message: 'm' });
      invalid(at(-1), /^\/line must be >= 0$/);
      invalid(at(1.5), /^\/line must be integer$/);
      invalid(at('230'), /^\/line must be integer$/);
    });

    it('malformed trace and span ids', () => {
      const ids = (trace: string, span: string) => line({ ...base, span_id: span, trace_id: trace });
      invalid(ids('80196F3E3A6FDF06D23BB9ADA3788518', 'f7e487a9d2a6bf38'), /^\/trace_id must match pattern/);
      invalid(ids('80196f3e3a6fdf06d23bb9ada378851', 'f7e487a9d2a6bf38'), /^\/trace_id must match pattern/);
      invalid(ids('80196f3e3a6fdf06d23bb9ada3788518', 'f7e487a9d2a6bf3'), /^\/span_id must match pattern/);
    });

    it('a span id without a trace id, and trace fields without a span', () => {
      invalid(line({ ...base, span_id: 'f7e487a9d2a6bf38' }), /^line must have property trace_id when property span_id is present$/);
      invalid(line({ ...base, span_name: 'http-request' }), /^line must have properties trace_id, span_id when property span_name is present$/);
    });

    it('null anywhere, top level or nested', () => {
      invalid(line({ ...base, model: null }), /^\/model must not be null$/);
      invalid(line({ ...base, extra: null }), /^\/extra must not be null$/);
      invalid(line({ ...base, extra: { a: [1, null] } }), /^\/extra\/a\/1 must not be null$/);
      invalid(line({ ...base, message: null }), /^\/message must not be null$/);
    });

    it('registry keys of the wrong JSON type (the schema does not coerce)', () => {
      invalid(line({ ...base, input_tokens: '42' }), /^\/input_tokens must be integer$/);
      invalid(line({ ...base, ttft_ms: '1.5' }), /^\/ttft_ms must be number$/);
      invalid(line({ ...base, model: 7 }), /^\/model must be string$/);
      invalid(line({ ...base, status_code: 200.5 }), /^\/status_code must be integer$/);
    });

    it('head keys out of order', () => {
      invalid(line({ level: 'INFO', time: base.time, message: 'm' }), /^key order: expected "time" at position 0, found "level"/);
      invalid(line({ time: base.time, level: 'INFO', target: 't', file: 'f', message: 'm' }), /^key order: expected "file" at position 2, found "target"/);
      invalid(line({ time: base.time, level: 'INFO', message: 'm', target: 't' }), /^key order: expected "target" at position 2, found "message"/);
    });

    it('the other keys unsorted', () => {
      invalid(line({ ...base, uri: '/', method: 'POST' }), /^key order: expected "method" at position 3, found "uri"/);
      invalid({ ...base, b: 1, a: 2 }, /^key order: expected "a" at position 3, found "b"/);
    });

    it('text that is not one compact line', () => {
      invalid(JSON.stringify(base, null, 1), /^line contains a line break$/, /^line is not compact/);
      invalid(line(base) + '\n', /^line contains a line break$/, /^line is not compact/);
      const offset = line(base).indexOf(',"level"') + 1;
      invalid(line(base).replace(',"level"', ', "level"'), new RegExp(`^line is not compact: whitespace outside strings at offset ${offset}$`));
    });

    it('duplicate keys, which JSON.parse would silently collapse', () => {
      invalid(line(base).replace('}', ',"model":"a","model":"b"}'), /^duplicate key "model"$/);
    });

    it('text that is not a JSON object, and values that are not lines', () => {
      invalid('{"time":', /^line is not valid JSON$/);
      invalid('[1,2]', /^line must be a JSON object$/);
      invalid('null', /^line must be a JSON object$/);
      invalid(42 as unknown as object, /^line must be a string or an object$/);
      invalid([base] as unknown as object, /^line must be a string or an object$/);
    });
  });

  it('leaves the exported schema untouched (it is frozen)', () => {
    const before = JSON.stringify(JSONL_LINE_SCHEMA);
    validateJsonlLine(DESIGN_LINE);
    expect(JSON.stringify(JSONL_LINE_SCHEMA)).to.equal(before);
    expect(Object.isFrozen(JSONL_LINE_SCHEMA)).to.equal(true);
    expect(() => {
      (JSONL_LINE_SCHEMA as { required: string[] }).required.push('x');
    }).to.throw(TypeError);
  });

  it('orders keys by code point, as UTF-8 bytes sort', () => {
    // U+FF5E sorts before U+1F600 by code point, after it by UTF-16 unit.
    expect(['\u{1F600}', '\uFF5E', 'a'].sort(compareLineKeys)).to.deep.equal(['a', '\uFF5E', '\u{1F600}']);
    expect(['b', 'a', 'a.b', 'a_b', 'A'].sort(compareLineKeys)).to.deep.equal(['A', 'a', 'a.b', 'a_b', 'b']);
  });
});
