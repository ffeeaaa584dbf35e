import { SeverityNumber } from '../src/otel-line';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { validateJsonlLine } from '@dynamo-logging/semconv';
import { expect } from 'chai';
import { formatDynamoLine } from '../src/jsonl/format-line';
import { captureDiag } from './fixtures/diag-capture';
import { startTestContainer, type TestContainer } from './fixtures/start-container';

function lineOf(record: ReadableLogRecord): Record<string, unknown> {
  const line = formatDynamoLine(record);
  expect(validateJsonlLine(line).errors, line).to.deep.equal([]);
  expect(Buffer.from(line, 'utf8').toString('utf8')).to.equal(line);
  return JSON.parse(line) as Record<string, unknown>;
}

describe('Logger', () => {
  let t: TestContainer;
  beforeEach(() => {
    t = startTestContainer({ level: 'trace' });
  });
  afterEach(async () => {
    await t.container.shutdown();
  });

  it('every level method emits one record with its OTel severity, text, body, scope and attributes', async () => {
    const log = t.container.createLogger('dynamo.http');
    log.trace('t', { n: 1 });
    log.debug('d', { n: 2 });
    log.info('i', { n: 3 });
    log.warn('w', { n: 4 });
    log.error('e', { n: 5 });
    log.fatal('f', { n: 6 });
    const records = await t.records();
    expect(records.map((r) => [r.severityNumber, r.severityText, r.body, r.attributes['n'], r.instrumentationScope.name])).to.deep.equal([
      [SeverityNumber.TRACE, 'TRACE', 't', 1, 'dynamo.http'],
      [SeverityNumber.DEBUG, 'DEBUG', 'd', 2, 'dynamo.http'],
      [SeverityNumber.INFO, 'INFO', 'i', 3, 'dynamo.http'],
      [SeverityNumber.WARN, 'WARN', 'w', 4, 'dynamo.http'],
      [SeverityNumber.ERROR, 'ERROR', 'e', 5, 'dynamo.http'],
      [SeverityNumber.FATAL, 'FATAL', 'f', 6, 'dynamo.http'],
    ]);
    expect(records.map((r) => lineOf(r)['level'])).to.deep.equal(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'ERROR']);
    expect(log.name).to.equal('dynamo.http');
  });

  it('fatal keeps OTel severity FATAL but prints ERROR, also with an Error', async () => {
    const log = t.container.createLogger('x');
    log.fatal(new Error('gone'), 'shutting down', { code: 3 });
    const [record] = await t.records();
    expect(record!.severityNumber).to.equal(SeverityNumber.FATAL);
    expect(record!.severityText).to.equal('FATAL');
    const line = lineOf(record!);
    expect(line['level']).to.equal('ERROR');
    expect(line['message']).to.equal('shutting down');
    expect(line['exception.message']).to.equal('gone');
    expect(line['code']).to.equal(3);
  });

  describe('disabled levels', () => {
    it('are one shared no-op that builds no record and never reaches the SDK logger', async () => {
      const { container } = t;
      const quiet = startTestContainer({ level: 'warn' });
      try {
        const sdkLogger = quiet.container.loggerProvider.getLogger('quiet');
        let emits = 0;
        const original = sdkLogger.emit.bind(sdkLogger);
        sdkLogger.emit = (record) => {
          emits++;
          original(record);
        };
        const log = quiet.container.createLogger('quiet');
        expect(log.debug).to.equal(log.trace);
        expect(log.info).to.equal(log.trace);
        expect(quiet.container.createLogger('other').debug).to.equal(log.trace);
        expect(log.warn).to.not.equal(log.trace);
        let touched = 0;
        const costly = {
          get value() {
            touched++;
            return 1;
          },
        };
        log.trace('t', costly);
        log.debug('d', costly);
        log.info('i', costly);
        expect(emits).to.equal(0);
        expect(touched).to.equal(0);
        log.warn('w', costly);
        log.error('e');
        expect(emits).to.equal(2);
        // An enabled call reads its attributes: once to see they are clean, once in the SDK's own copy.
        expect(touched).to.be.within(1, 2);
        expect((await quiet.records()).map((r) => r.body)).to.deep.equal(['w', 'e']);
      } finally {
        await quiet.container.shutdown();
      }
      // The enabled container's methods are real functions.
      expect(container.createLogger('x').trace).to.not.equal(container.createLogger('x').debug);
    });

    it('off disables every method, error and fatal included', async () => {
      const off = startTestContainer({ level: 'info,silent=off' });
      try {
        const log = off.container.createLogger('silent');
        for (const m of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) expect(log[m], m).to.equal(log.trace);
        log.error(new Error('x'));
        log.fatal('y');
        expect(await off.records()).to.deep.equal([]);
        for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) expect(log.isLevelEnabled(level)).to.equal(false);
      } finally {
        await off.container.shutdown();
      }
    });

    it('a child keeps its parent level', () => {
      const log = t.container.createLogger('x');
      const quiet = startTestContainer({ level: 'error' });
      const child = quiet.container.createLogger('x').child({ a: 1 });
      expect(child.warn).to.equal(child.trace);
      expect(child.isLevelEnabled('error')).to.equal(true);
      expect(log.child({ a: 1 }).isLevelEnabled('trace')).to.equal(true);
      return quiet.container.shutdown();
    });
  });

  it('isLevelEnabled follows the logger level and its DYN_LOG directive', async () => {
    const c = startTestContainer({ level: 'warn,dynamo.http=debug' });
    try {
      const http = c.container.createLogger('dynamo.http.sse');
      const other = c.container.createLogger('dynamo.kv');
      expect((['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const).map((l) => http.isLevelEnabled(l))).to.deep.equal([false, true, true, true, true, true]);
      expect((['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const).map((l) => other.isLevelEnabled(l))).to.deep.equal([false, false, false, true, true, true]);
      expect(other.isLevelEnabled('bogus' as never)).to.equal(false);
    } finally {
      await c.container.shutdown();
    }
  });

  describe('error()', () => {
    it('error(err) fills exception.type/message/stacktrace and uses the error message', async () => {
      const err = new TypeError('bad input');
      t.container.createLogger('x').error(err);
      const [r] = await t.records();
      expect(r!.body).to.equal('bad input');
      expect(r!.attributes['exception.type']).to.equal('TypeError');
      expect(r!.attributes['exception.message']).to.equal('bad input');
      expect(r!.attributes['exception.stacktrace']).to.equal(err.stack);
      lineOf(r!);
    });

    it('error(err, message, attributes) and error(err, attributes)', async () => {
      const log = t.container.createLogger('x');
      log.error(new RangeError('r'), 'request failed', { model: 'llama' });
      // error(err, attributes): the implementation accepts it; the typed overloads do not list it.
      (log.error as (err: unknown, attributes: object) => void)(new Error('e2'), { model: 'qwen' });
      const [a, b] = await t.records();
      expect(a!.body).to.equal('request failed');
      expect(a!.attributes).to.include({ model: 'llama', 'exception.type': 'RangeError', 'exception.message': 'r' });
      expect(b!.body).to.equal('e2');
      expect(b!.attributes).to.include({ model: 'qwen', 'exception.type': 'Error', 'exception.message': 'e2' });
    });

    it("error('msg', attributes) logs a plain record without exception fields", async () => {
      t.container.createLogger('x').error('plain failure', { status_code: 500 });
      const [r] = await t.records();
      expect(r!.body).to.equal('plain failure');
      expect(r!.attributes).to.deep.equal({ status_code: 500 });
    });

    it('appends the cause chain to the stack trace, strings and non-errors included', async () => {
      const root = new Error('disk gone');
      const mid = new RangeError('read failed', { cause: root });
      const top = new Error('request failed', { cause: mid });
      const withString = new Error('outer', { cause: 'plain reason' });
      const log = t.container.createLogger('x');
      log.error(top);
      log.error(withString);
      const [a, b] = await t.records();
      const stack = String(a!.attributes['exception.stacktrace']);
      expect(stack.startsWith(top.stack!)).to.equal(true);
      expect(stack).to.include('\n[cause]: ' + mid.stack);
      expect(stack).to.include('\n[cause]: ' + root.stack);
      expect(stack.indexOf(mid.stack!)).to.be.lessThan(stack.indexOf(root.stack!));
      expect(String(b!.attributes['exception.stacktrace'])).to.equal(withString.stack + '\n[cause]: plain reason');
    });

    it('stops at a circular cause chain', async () => {
      const a = new Error('a');
      const b = new Error('b', { cause: a });
      (a as { cause?: unknown }).cause = b;
      t.container.createLogger('x').error(a);
      const [r] = await t.records();
      expect(String(r!.attributes['exception.stacktrace'])).to.equal(`${a.stack}\n[cause]: ${b.stack}\n[cause]: [Circular]`);
      lineOf(r!);
    });

    it('lists AggregateError members', async () => {
      const agg = new AggregateError([new Error('first'), 'second'], 'several');
      t.container.createLogger('x').error(agg);
      const [r] = await t.records();
      expect(r!.attributes['exception.type']).to.equal('AggregateError');
      const stack = String(r!.attributes['exception.stacktrace']);
      expect(stack).to.include('\n[errors]: Error: first');
      expect(stack).to.include('\n[errors]: second');
    });

    it('a non-error first argument is the message', async () => {
      const log = t.container.createLogger('x');
      log.error(42 as unknown as string);
      log.error({ code: 'E1' } as unknown as string, { k: 1 });
      const [a, b] = await t.records();
      expect(a!.body).to.equal('42');
      expect(a!.attributes).to.deep.equal({});
      expect(b!.body).to.equal('{"code":"E1"}');
      expect(b!.attributes).to.deep.equal({ k: 1 });
    });
  });

  describe('child()', () => {
    it('merges bound attributes; call attributes beat bound ones; the parent is unchanged', async () => {
      const parent = t.container.createLogger('x', { component: 'frontend', model: 'base' });
      const child = parent.child({ model: 'llama', request_id: 'r1' });
      const grandchild = child.child({ worker_id: 'w1' });
      parent.info('p');
      child.info('c', { model: 'call' });
      grandchild.info('g');
      const [p, c, g] = await t.records();
      expect(p!.attributes).to.deep.equal({ component: 'frontend', model: 'base' });
      expect(c!.attributes).to.deep.equal({ component: 'frontend', model: 'call', request_id: 'r1' });
      expect(g!.attributes).to.deep.equal({ component: 'frontend', model: 'llama', request_id: 'r1', worker_id: 'w1' });
      expect(child.name).to.equal('x');
    });

    it('never throws on bad bound attributes', async () => {
      const log = t.container.createLogger('x');
      const hostile = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
      for (const bad of [null, undefined, 'str', 42, hostile]) {
        expect(() => log.child(bad as never).info('still')).to.not.throw();
      }
      expect((await t.records()).map((r) => r.body)).to.deep.equal(['still', 'still', 'still', 'still', 'still']);
    });
  });

  describe('never throws, always a valid record', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const throwingGetter = Object.defineProperty({ ok: 1 }, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    const hostileProxy = new Proxy(
      {},
      {
        get: () => { throw new Error('get'); },
        has: () => { throw new Error('has'); },
        ownKeys: () => { throw new Error('ownKeys'); },
        getOwnPropertyDescriptor: () => { throw new Error('gopd'); },
        getPrototypeOf: () => { throw new Error('proto'); },
        set: () => { throw new Error('set'); },
        defineProperty: () => { throw new Error('define'); },
        deleteProperty: () => { throw new Error('delete'); },
        isExtensible: () => { throw new Error('ext'); },
        preventExtensions: () => { throw new Error('prevent'); },
        setPrototypeOf: () => { throw new Error('setproto'); },
        apply: () => { throw new Error('apply'); },
        construct: () => { throw new Error('construct'); },
      },
    );
    const big = 'x'.repeat(1024 * 1024);

    const cases: Array<[string, (log: ReturnType<TestContainer['container']['createLogger']>) => void, (r: ReadableLogRecord, line: Record<string, unknown>) => void]> = [
      ['circular object', (l) => l.info('m', { obj: circular }), (_r, line) => expect(line['obj']).to.deep.equal({ a: 1, self: '[Circular]' })],
      ['BigInt', (l) => l.info('m', { small: 42n, huge: 2n ** 70n }), (_r, line) => expect([line['small'], line['huge']]).to.deep.equal([42, '1180591620717411303424'])],
      ['Symbol', (l) => l.info('m', { s: Symbol('tag') }), (_r, line) => expect(line['s']).to.equal('Symbol(tag)')],
      ['function', (l) => l.info('m', { f: function handler() {}, g: () => 1 }), (_r, line) => expect([line['f'], line['g']]).to.deep.equal(['[Function handler]', '[Function g]'])],
      ['Buffer', (l) => l.info('m', { buf: Buffer.from('hi') }), (_r, line) => expect(line['buf']).to.equal(Buffer.from('hi').toString('base64'))],
      ['Date', (l) => l.info('m', { when: new Date(Date.UTC(2025, 9, 31)) }), (_r, line) => expect(line['when']).to.equal('2025-10-31T00:00:00.000Z')],
      ['invalid Date', (l) => l.info('m', { when: new Date('nope') }), (_r, line) => expect(line['when']).to.equal('Invalid Date')],
      ['1 MB string', (l) => l.info(big, { big }), (r, line) => {
        expect(r.body).to.have.length(big.length);
        expect(line['big']).to.have.length(big.length);
      }],
      ['lone surrogates', (l) => l.info('a\uD800b\uDFFFc', { s: '\uDC00', '\uD801key': 1, nested: { v: ['\uD83D'] } }), (r, line) => {
        expect(r.body).to.equal('a\uFFFDb\uFFFDc');
        expect(line['message']).to.equal('a\uFFFDb\uFFFDc');
        expect(line['s']).to.equal('\uFFFD');
        expect(line['\uFFFDkey']).to.equal(1);
        expect(line['nested']).to.deep.equal({ v: ['\uFFFD'] });
      }],
      ['throwing getter', (l) => l.info('m', throwingGetter), (r) => {
        expect(r.body).to.equal('m');
        expect(r.attributes['ok']).to.equal(1);
        expect(r.attributes['boom']).to.equal('[Throwing getter]');
      }],
      ['throwing getter nested', (l) => l.info('m', { inner: throwingGetter }), (_r, line) => expect(line['inner']).to.deep.equal({ ok: 1, boom: '[Throwing getter]' })],
      ['Proxy as attribute value', (l) => l.info('m', { p: hostileProxy }), (_r, line) => expect(line['p']).to.equal('[Unserializable]')],
      ['Proxy as attributes', (l) => l.info('m', hostileProxy as never), (r) => expect(r.body).to.equal('m')],
      ['Proxy as message', (l) => l.info(hostileProxy as never), (r) => expect(r.body).to.equal('[Unserializable]')],
      ['Proxy as error', (l) => l.error(hostileProxy), (r) => expect(r.body).to.equal('[Unserializable]')],
      ['null message', (l) => l.info(null as never), (r) => expect(r.body).to.equal('')],
      ['undefined message', (l) => l.info(undefined as never), (r) => expect(r.body).to.equal('')],
      ['number message', (l) => l.info(3.5 as never), (r) => expect(r.body).to.equal('3.5')],
      ['Symbol message', (l) => l.info(Symbol('m') as never), (r) => expect(r.body).to.equal('Symbol(m)')],
      ['Date message', (l) => l.info(new Date(0) as never), (r) => expect(r.body).to.equal('1970-01-01T00:00:00.000Z')],
      ['object message', (l) => l.info({ a: [1, 2] } as never), (r) => expect(r.body).to.equal('{"a":[1,2]}')],
      ['attributes a string', (l) => l.info('m', 'not attrs' as never), (r) => expect(r.attributes).to.deep.equal({})],
      ['attributes a number', (l) => l.info('m', 7 as never), (r) => expect(r.attributes).to.deep.equal({})],
      ['attributes null', (l) => l.info('m', null as never), (r) => expect(r.attributes).to.deep.equal({})],
      ['error with throwing getters', (l) => {
        const err = new Error('x');
        Object.defineProperty(err, 'stack', { get() { throw new Error('no stack'); } });
        Object.defineProperty(err, 'cause', { get() { throw new Error('no cause'); } });
        l.error(err);
      }, (r) => {
        expect(r.attributes['exception.type']).to.equal('Error');
        expect(r.attributes['exception.stacktrace']).to.equal('Error: x');
      }],
      ['non-finite numbers', (l) => l.info('m', { nan: Number.NaN, inf: -Infinity }), (_r, line) => expect([line['nan'], line['inf']]).to.deep.equal(['NaN', '-Infinity'])],
      ['deep nesting', (l) => {
        let deep: Record<string, unknown> = { leaf: 1 };
        for (let i = 0; i < 50; i++) deep = { d: deep };
        l.info('m', { deep });
      }, (_r, line) => expect(JSON.stringify(line['deep'])).to.include('[Object]')],
      ['Map and Set', (l) => l.info('m', { map: new Map([['k', 1]]), set: new Set(['a']) }), (_r, line) => expect([line['map'], line['set']]).to.deep.equal([{ k: 1 }, ['a']])],
    ];

    for (const [name, call, check] of cases) {
      it(name, async () => {
        const log = t.container.createLogger('hostile');
        const { entries } = await captureDiag(() => {
          expect(() => call(log)).to.not.throw();
        });
        const records = await t.records();
        expect(records, name).to.have.length(1);
        const line = lineOf(records[0]!);
        check(records[0]!, line);
        expect(entries.filter((e) => e.level === 'error'), JSON.stringify(entries)).to.deep.equal([]);
      });
    }

    it('counts no logger failures for any of them', () => {
      expect(t.container.stats().loggerFailures).to.equal(0);
    });
  });

  describe('attributes are a snapshot of the call', () => {
    it('changing a nested object or array after the call does not change the record', async () => {
      const log = t.container.createLogger('dynamo.http');
      const usage = { prompt: 10, completion: 3, cached: false, parts: [1, 2] };
      const tags = ['a', 'b'];
      log.info('served', { model: 'm', usage, tags });
      usage.prompt = 999;
      usage.parts.push(3);
      tags[0] = 'changed';
      const [record] = await t.records();
      expect(record!.attributes).to.deep.equal({ model: 'm', usage: { prompt: 10, completion: 3, cached: false, parts: [1, 2] }, tags: ['a', 'b'] });
    });

    it('a plain tree passes as written; anything else still goes through the careful path', async () => {
      const log = t.container.createLogger('dynamo.http');
      const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
      log.info('x', { ok: { n: 1, s: 'two', b: true, list: [1, 'x', false] }, deep, nil: { v: null } as never, lone: { k: 'a\ud800' } });
      const [record] = await t.records();
      expect(record!.attributes['ok']).to.deep.equal({ n: 1, s: 'two', b: true, list: [1, 'x', false] });
      // Past toAnyValue's depth bound the innermost object is summarised, null values are left out, lone surrogates replaced.
      expect(JSON.stringify(record!.attributes['deep'])).to.include('[Object]');
      expect(record!.attributes['nil']).to.deep.equal({});
      expect(record!.attributes['lone']).to.deep.equal({ k: 'a\ufffd' });
    });
  });

  describe('microsecond clock', () => {
    it('stamps consecutive records with strictly increasing, distinct microseconds close to Date.now()', async () => {
      const log = t.container.createLogger('clock');
      const before = Date.now();
      for (let i = 0; i < 2000; i++) log.info('tick');
      const after = Date.now();
      const records = await t.records();
      expect(records).to.have.length(2000);
      const micros = records.map((r) => r.hrTime[0] * 1_000_000 + Math.floor(r.hrTime[1] / 1000));
      for (let i = 1; i < micros.length; i++) expect(micros[i]! > micros[i - 1]!, `record ${i}`).to.equal(true);
      expect(new Set(records.map((r) => formatDynamoLine(r))).size).to.equal(2000);
      expect(micros[0]! / 1000).to.be.at.least(before - 5);
      // Unique microseconds can run ahead of the wall clock by at most one per record.
      expect(micros[micros.length - 1]! / 1000).to.be.at.most(after + 5 + 2000 / 1000);
    });
  });
});
