import { SeverityNumber } from '../../src/otel-line';
import { expect } from 'chai';
import { LevelFilter } from '../../src/config/levels';
import { captureDiagSync } from '../fixtures/diag-capture';

const OFF = Number.POSITIVE_INFINITY;

describe('config/levels: DYN_LOG directives', () => {
  it('a bare level sets the default for every logger', () => {
    expect(LevelFilter.parse('debug').minSeverity('anything')).to.equal(SeverityNumber.DEBUG);
    expect(LevelFilter.parse('WARN').minSeverity('x')).to.equal(SeverityNumber.WARN);
    expect(LevelFilter.parse('trace').minSeverity('x')).to.equal(SeverityNumber.TRACE);
    expect(LevelFilter.parse('error').minSeverity('x')).to.equal(SeverityNumber.ERROR);
    expect(LevelFilter.parse('fatal').minSeverity('x')).to.equal(SeverityNumber.FATAL);
    expect(LevelFilter.parse('off').minSeverity('x')).to.equal(OFF);
  });

  it('defaults to info when unset or empty', () => {
    expect(LevelFilter.parse(undefined).minSeverity('x')).to.equal(SeverityNumber.INFO);
    expect(LevelFilter.parse('').minSeverity('x')).to.equal(SeverityNumber.INFO);
    expect(LevelFilter.parse(' , ').minSeverity('x')).to.equal(SeverityNumber.INFO);
  });

  it('accepts the aliases warning, err, critical, none', () => {
    expect(LevelFilter.parse('warning').minSeverity('x')).to.equal(SeverityNumber.WARN);
    expect(LevelFilter.parse('err').minSeverity('x')).to.equal(SeverityNumber.ERROR);
    expect(LevelFilter.parse('critical').minSeverity('x')).to.equal(SeverityNumber.FATAL);
    expect(LevelFilter.parse('none').minSeverity('x')).to.equal(OFF);
  });

  it('info,dynamo.http=debug: per-logger-name levels on target boundaries', () => {
    const filter = LevelFilter.parse('info,dynamo.http=debug');
    expect(filter.minSeverity('dynamo.http')).to.equal(SeverityNumber.DEBUG);
    expect(filter.minSeverity('dynamo.http.sse')).to.equal(SeverityNumber.DEBUG);
    expect(filter.minSeverity('dynamo.http::router')).to.equal(SeverityNumber.DEBUG);
    expect(filter.minSeverity('dynamo.http/client')).to.equal(SeverityNumber.DEBUG);
    // A prefix that does not end at a boundary is another target.
    expect(filter.minSeverity('dynamo.httpx')).to.equal(SeverityNumber.INFO);
    expect(filter.minSeverity('dynamo')).to.equal(SeverityNumber.INFO);
    expect(filter.minSeverity('other')).to.equal(SeverityNumber.INFO);
  });

  it('the longest matching prefix wins whatever the order of the directives', () => {
    for (const spec of ['warn,dynamo=info,dynamo.http=debug,dynamo.http.sse=off', 'dynamo.http.sse=off,dynamo.http=debug,dynamo=info,warn']) {
      const filter = LevelFilter.parse(spec);
      expect(filter.minSeverity('elsewhere'), spec).to.equal(SeverityNumber.WARN);
      expect(filter.minSeverity('dynamo'), spec).to.equal(SeverityNumber.INFO);
      expect(filter.minSeverity('dynamo.kv'), spec).to.equal(SeverityNumber.INFO);
      expect(filter.minSeverity('dynamo.http'), spec).to.equal(SeverityNumber.DEBUG);
      expect(filter.minSeverity('dynamo.http.sse'), spec).to.equal(OFF);
      expect(filter.minSeverity('dynamo.http.sse.chunk'), spec).to.equal(OFF);
    }
  });

  it('a directive without a default keeps info for the rest', () => {
    const filter = LevelFilter.parse('dynamo.http=trace');
    expect(filter.minSeverity('dynamo.http')).to.equal(SeverityNumber.TRACE);
    expect(filter.minSeverity('x')).to.equal(SeverityNumber.INFO);
  });

  it('bad parts are reported, each once, naming the source, and skipped; good parts still apply', () => {
    const { result: filter, entries } = captureDiagSync(() => LevelFilter.parse('debug,loud,=warn,dynamo.kv=verbose,dynamo.http=error', 'DYN_LOG'));
    expect(filter.minSeverity('x')).to.equal(SeverityNumber.DEBUG);
    expect(filter.minSeverity('dynamo.http')).to.equal(SeverityNumber.ERROR);
    expect(filter.minSeverity('dynamo.kv')).to.equal(SeverityNumber.DEBUG);
    expect(entries.map((e) => e.level)).to.deep.equal(['warn', 'warn', 'warn']);
    expect(entries[0]!.message).to.include('DYN_LOG="loud"').and.include('using info');
    expect(entries[1]!.message).to.include('DYN_LOG="=warn"');
    expect(entries[2]!.message).to.include('DYN_LOG="dynamo.kv=verbose"');
  });

  it('never throws on odd input', () => {
    const { entries } = captureDiagSync(() => {
      for (const spec of ['=', '==', ',,,', 'a=b=c', '\u0000', 'x'.repeat(10_000)]) {
        expect(() => LevelFilter.parse(spec, 'DYN_LOG').minSeverity('a')).to.not.throw();
      }
    });
    expect(entries.length).to.be.greaterThan(0);
  });
});
