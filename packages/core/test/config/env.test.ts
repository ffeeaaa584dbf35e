import { expect } from 'chai';
import { isTruthy, nonEmpty, readBoolean, readChoice, readInteger, readKeyValueList, readValid, verbatim } from '../../src/config/env';
import { captureDiagSync } from '../fixtures/diag-capture';

describe('config/env', () => {
  it('isTruthy accepts 1/true/on/yes in any case and surrounding space, nothing else', () => {
    for (const v of ['1', 'true', 'TRUE', 'True', 'on', 'ON', 'yes', 'Yes', ' yes ', '\ttrue\n']) expect(isTruthy(v), v).to.equal(true);
    for (const v of [undefined, '', '0', 'false', 'off', 'no', 'y', 't', '2', 'enabled', 'truthy']) expect(isTruthy(v), String(v)).to.equal(false);
  });

  describe('readBoolean', () => {
    it('reads truthy and falsy words, undefined when unset, without a diagnostic', () => {
      const { result, entries } = captureDiagSync(() => [
        readBoolean({ X: 'yes' }, 'X', false),
        readBoolean({ X: 'OFF' }, 'X', true),
        readBoolean({ X: '0' }, 'X', true),
        readBoolean({ X: '' }, 'X', true),
        readBoolean({}, 'X', true),
      ]);
      expect(result).to.deep.equal([true, false, false, false, undefined]);
      expect(entries).to.deep.equal([]);
    });

    it('reports a bad value once, naming the variable and the default, and returns undefined', () => {
      const { result, entries } = captureDiagSync(() => readBoolean({ DYN_LOGGING_JSONL: 'maybe' }, 'DYN_LOGGING_JSONL', false));
      expect(result).to.equal(undefined);
      expect(entries).to.have.length(1);
      expect(entries[0]!.level).to.equal('warn');
      expect(entries[0]!.message).to.include('DYN_LOGGING_JSONL="maybe"').and.include('using false');
    });
  });

  describe('readInteger', () => {
    it('reads integers at or above the minimum', () => {
      const { result, entries } = captureDiagSync(() => [
        readInteger({ N: '42' }, 'N', 1),
        readInteger({ N: ' 7 ' }, 'N', 1),
        readInteger({ N: '0' }, 'N', 1),
        readInteger({ N: '5' }, 'N', 1, 5),
        readInteger({ N: '' }, 'N', 1),
        readInteger({}, 'N', 1),
      ]);
      expect(result).to.deep.equal([42, 7, 0, 5, undefined, undefined]);
      expect(entries).to.deep.equal([]);
    });

    it('reports each bad value once with the variable and default, never throws', () => {
      for (const bad of ['abc', '-1', '1.5', '1e400', '0x', '9007199254740993', 'NaN']) {
        const { result, entries } = captureDiagSync(() => readInteger({ OTEL_BLRP_MAX_QUEUE_SIZE: bad }, 'OTEL_BLRP_MAX_QUEUE_SIZE', 2048));
        expect(result, bad).to.equal(undefined);
        expect(entries, bad).to.have.length(1);
        expect(entries[0]!.message).to.include(`OTEL_BLRP_MAX_QUEUE_SIZE=${JSON.stringify(bad)}`).and.include('using 2048');
      }
      const { entries } = captureDiagSync(() => readInteger({ N: '0' }, 'N', 10, 1));
      expect(entries).to.have.length(1);
      expect(entries[0]!.message).to.include('an integer >= 1');
    });
  });

  describe('readChoice', () => {
    it('reads one of the choices case-insensitively', () => {
      const { result, entries } = captureDiagSync(() => [
        readChoice({ F: 'JSONL' }, 'F', ['jsonl', 'readable'], undefined),
        readChoice({ F: ' readable ' }, 'F', ['jsonl', 'readable'], undefined),
        readChoice({ F: '' }, 'F', ['jsonl', 'readable'], undefined),
        readChoice({}, 'F', ['jsonl', 'readable'], undefined),
      ]);
      expect(result).to.deep.equal(['jsonl', 'readable', undefined, undefined]);
      expect(entries).to.deep.equal([]);
    });

    it('reports a value outside the choices, naming them and the default', () => {
      const { result, entries } = captureDiagSync(() => readChoice({ DYN_LOGGING_BACKEND: 'kafka' }, 'DYN_LOGGING_BACKEND', ['jsonl', 'otlp'], 'jsonl'));
      expect(result).to.equal(undefined);
      expect(entries.map((e) => e.message)).to.deep.equal([
        'dynamo-logging: ignoring DYN_LOGGING_BACKEND="kafka": expected one of jsonl|otlp; using jsonl',
      ]);
    });
  });

  describe('readKeyValueList', () => {
    it('parses key=value pairs, trimming and percent-decoding', () => {
      const { result, entries } = captureDiagSync(() =>
        readKeyValueList({ L: 'a=1, b = x%20y ,c=d=e,,empty=,uni=%C3%A9' }, 'L'),
      );
      expect(result).to.deep.equal({ a: '1', b: 'x y', c: 'd=e', empty: '', uni: 'é' });
      expect(entries).to.deep.equal([]);
    });

    it('keeps a value that is not valid percent-encoding as written', () => {
      expect(readKeyValueList({ L: 'k=100%,j=%E0%A4%A' }, 'L')).to.deep.equal({ k: '100%', j: '%E0%A4%A' });
    });

    it('reports and skips each malformed pair, keeping the others', () => {
      const { result, entries } = captureDiagSync(() => readKeyValueList({ OTEL_RESOURCE_ATTRIBUTES: 'novalue,=x,ok=1' }, 'OTEL_RESOURCE_ATTRIBUTES'));
      expect(result).to.deep.equal({ ok: '1' });
      expect(entries).to.have.length(2);
      for (const e of entries) expect(e.message).to.include('OTEL_RESOURCE_ATTRIBUTES=').and.include('using the other pairs');
    });

    it('returns an empty object when unset or blank', () => {
      expect(readKeyValueList({}, 'L')).to.deep.equal({});
      expect(readKeyValueList({ L: '  ' }, 'L')).to.deep.equal({});
    });
  });

  it('nonEmpty: blank is unset, anything else is trimmed; verbatim (passwords) keeps white space', () => {
    expect([nonEmpty(undefined), nonEmpty(''), nonEmpty('  '), nonEmpty(' a b ')]).to.deep.equal([undefined, undefined, undefined, 'a b']);
    expect([verbatim(undefined), verbatim(''), verbatim(' p ')]).to.deep.equal([undefined, undefined, ' p ']);
  });

  it('readValid: a value its rule refuses is reported once and undefined returned, so the default is used', () => {
    const noDash = (v: string): string | undefined => (v.includes('-') ? 'a name without -' : undefined);
    const { result, entries } = captureDiagSync(() => [readValid({ X: ' ok ' }, 'X', noDash, 'd'), readValid({ X: 'a-b' }, 'X', noDash, 'd'), readValid({}, 'X', noDash, 'd')]);
    expect(result).to.deep.equal(['ok', undefined, undefined]);
    expect(entries.map((e) => e.message)).to.deep.equal(['dynamo-logging: ignoring X="a-b": expected a name without -; using d']);
  });
});
