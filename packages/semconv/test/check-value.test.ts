import { expect } from 'chai';
import { checkAttributeValue, lookupAttribute, type AttributeDefinition, type CheckResult } from '../src';

const def = (key: string): AttributeDefinition => {
  const found = lookupAttribute(key);
  if (!found) throw new Error(`registry lacks ${key}`);
  return found;
};
const synthetic = (type: AttributeDefinition['type']): AttributeDefinition => ({
  key: `test.${type}`, type, placement: 'record', labelSafe: false, requirement: 'opt_in', otel: null, aliases: [], description: 'test',
});

const INT = def('input_tokens');
const DOUBLE = def('ttft_ms');
const STRING = def('model');
const BOOL = synthetic('boolean');
const LIST = synthetic('string[]');

function accepts(d: AttributeDefinition, input: unknown, expected: unknown): void {
  const result = checkAttributeValue(d, input);
  expect(result, `${d.type} accepts ${String(input)}`).to.deep.equal({ ok: true, value: expected });
  if (typeof expected === 'number') expect(Object.is((result as { value: unknown }).value, expected), 'same number, sign included').to.equal(true);
}

function rejects(d: AttributeDefinition, input: unknown, reason: RegExp): void {
  const result: CheckResult = checkAttributeValue(d, input);
  expect(result.ok, `${d.type} rejects ${typeof input} ${String(input)}`).to.equal(false);
  if (!result.ok) expect(result.reason).to.match(reason);
}

describe('checkAttributeValue', () => {
  describe('int', () => {
    it('accepts safe integers, and doubles that are whole', () => {
      accepts(INT, 42, 42);
      accepts(INT, 3.0, 3);
      accepts(INT, -7, -7);
      accepts(INT, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      accepts(INT, -0, 0);
    });
    it('converts exact integer text and safe bigints', () => {
      accepts(INT, '42', 42);
      accepts(INT, '-42', -42);
      accepts(INT, '42.0', 42);
      accepts(INT, '9007199254740991', Number.MAX_SAFE_INTEGER);
      accepts(INT, 42n, 42);
    });
    it('rejects anything that would lose information or change type', () => {
      rejects(INT, 4.5, /fractional part/);
      rejects(INT, '4.5', /fractional part/);
      rejects(INT, 2 ** 60, /safe integer range/);
      rejects(INT, 2 ** 53, /safe integer range/);
      rejects(INT, '9007199254740993', /not an exact number/); // parses to ...992
      rejects(INT, 2n ** 60n, /bigint outside the safe integer range/);
      rejects(INT, NaN, /non-finite/);
      rejects(INT, Infinity, /non-finite/);
      rejects(INT, '', /not an exact number/);
      rejects(INT, ' 42', /not an exact number/);
      rejects(INT, '0x2a', /not an exact number/);
      rejects(INT, '1e3', /not an exact number/);
      rejects(INT, '+42', /not an exact number/);
      rejects(INT, '042', /not an exact number/);
      rejects(INT, true, /expected int, got boolean/);
      rejects(INT, null, /got null/);
      rejects(INT, undefined, /got undefined/);
      rejects(INT, [1], /got array/);
      rejects(INT, { n: 1 }, /got object/);
    });
  });

  describe('double', () => {
    it('accepts finite numbers and their exact text', () => {
      accepts(DOUBLE, 12.5, 12.5);
      accepts(DOUBLE, 3, 3);
      accepts(DOUBLE, '12.5', 12.5);
      accepts(DOUBLE, '12.50', 12.5);
      accepts(DOUBLE, '0.1', 0.1);
      accepts(DOUBLE, '-3', -3);
      accepts(DOUBLE, '1e+21', 1e21);
      accepts(DOUBLE, 2n ** 60n, 2 ** 60);
    });
    it('rejects text with more precision than a double holds, non-finite values and other types', () => {
      rejects(DOUBLE, '0.10000000000000000001', /not an exact number/);
      rejects(DOUBLE, '9007199254740993', /not an exact number/);
      rejects(DOUBLE, 'NaN', /not an exact number/);
      rejects(DOUBLE, '1e400', /not an exact number/);
      rejects(DOUBLE, 'abc', /not an exact number/);
      rejects(DOUBLE, NaN, /non-finite/);
      rejects(DOUBLE, -Infinity, /non-finite/);
      rejects(DOUBLE, 2n ** 60n + 1n, /cannot hold exactly/);
      rejects(DOUBLE, false, /got boolean/);
    });
  });

  describe('string', () => {
    it('accepts strings as they are, empty included', () => {
      accepts(STRING, 'Qwen/Qwen3-0.6B', 'Qwen/Qwen3-0.6B');
      accepts(STRING, '', '');
    });
    it('converts numbers, bigints and booleans to the text that reads back the same', () => {
      accepts(STRING, 42, '42');
      accepts(STRING, 4.5, '4.5');
      accepts(STRING, -0, '-0');
      accepts(STRING, 2n ** 64n - 1n, '18446744073709551615');
      accepts(STRING, true, 'true');
      accepts(def('prefill_worker_id'), 7587888160958628000n, '7587888160958628000');
    });
    it('rejects non-finite numbers and structured values', () => {
      rejects(STRING, NaN, /non-finite/);
      rejects(STRING, { toString: () => 'x' }, /got object/);
      rejects(STRING, ['a'], /got array/);
      rejects(STRING, null, /got null/);
      rejects(STRING, Symbol('s'), /got symbol/);
      rejects(STRING, () => 'x', /got function/);
      rejects(STRING, new Date(0), /got object/);
    });
  });

  describe('boolean', () => {
    it('accepts booleans and exactly "true"/"false"', () => {
      accepts(BOOL, true, true);
      accepts(BOOL, false, false);
      accepts(BOOL, 'true', true);
      accepts(BOOL, 'false', false);
    });
    it('rejects other spellings and numbers', () => {
      rejects(BOOL, 'True', /other than "true" or "false"/);
      rejects(BOOL, 'yes', /other than/);
      rejects(BOOL, 1, /got number/);
      rejects(BOOL, 0, /got number/);
    });
  });

  describe('string[]', () => {
    it('accepts string arrays and converts elements losslessly into a new array', () => {
      const input = ['a', 'b'];
      const result = checkAttributeValue(LIST, input);
      expect(result).to.deep.equal({ ok: true, value: ['a', 'b'] });
      expect((result as { value: unknown }).value).to.not.equal(input);
      accepts(LIST, [], []);
      accepts(LIST, ['a', 1, true], ['a', '1', 'true']);
    });
    it('rejects holes, nulls, nested values and a bare string', () => {
      // eslint-disable-next-line no-sparse-arrays
      rejects(LIST, ['a', , 'c'], /element 1 is missing/);
      rejects(LIST, ['a', null], /element 1: expected string, got null/);
      rejects(LIST, [['a']], /element 0: expected string, got array/);
      rejects(LIST, 'a', /expected string\[\], got string/);
    });
  });

  describe('registry constraints', () => {
    it('enforces the trace id pattern and the level names', () => {
      accepts(def('trace_id'), '80196f3e3a6fdf06d23bb9ada3788518', '80196f3e3a6fdf06d23bb9ada3788518');
      rejects(def('trace_id'), '80196F3E3A6FDF06D23BB9ADA3788518', /matching/);
      rejects(def('span_id'), 'f7e487a9d2a6bf3', /matching/);
      accepts(def('level'), 'WARN', 'WARN');
      rejects(def('level'), 'warn', /expected one of ERROR, WARN, INFO, DEBUG, TRACE/);
    });
  });

  it('never puts the value in the reason', () => {
    const secret = 'Bearer s3cr3t-token-value';
    for (const d of [INT, DOUBLE, BOOL, def('trace_id'), def('level')]) {
      const result = checkAttributeValue(d, secret);
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.reason).to.not.contain('s3cr3t');
    }
  });
});
