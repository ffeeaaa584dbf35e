import { expect } from 'chai';
import type { Context } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  BatchLogRecordProcessor,
  LoggerProvider,
  type LogRecordExporter,
  type LogRecordProcessor,
  type ReadableLogRecord,
  type ReadWriteLogRecord,
} from '@opentelemetry/sdk-logs';
import { captureConsole } from '../../src/console/capture-console';
import { buildPipeline, useContextManager } from '../helpers/pipeline';

type Method = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';
const METHODS: Method[] = ['log', 'info', 'warn', 'error', 'debug', 'trace'];

/** Swaps console methods for spies (the "original" console) for one test. */
function spyConsole() {
  const target = console as unknown as Record<Method, (...args: unknown[]) => void>;
  const saved = new Map(METHODS.map((m) => [m, target[m]] as const));
  const calls: Array<[Method, string]> = [];
  for (const m of METHODS) target[m] = (...args: unknown[]) => calls.push([m, args.map(String).join(' ')]);
  return {
    calls,
    spies: new Map(METHODS.map((m) => [m, target[m]] as const)),
    restore: () => {
      for (const [m, fn] of saved) target[m] = fn;
    },
  };
}

describe('captureConsole', () => {
  let restoreContext: () => void;
  before(() => {
    restoreContext = useContextManager();
  });
  after(() => restoreContext());

  it('routes console.* into the pipeline with levels, redaction applied, and restores the console', async () => {
    const spy = spyConsole();
    try {
      const p = buildPipeline();
      const restore = captureConsole({ loggerProvider: p.provider });
      console.log('hello %s', 'world');
      console.info('info line');
      console.warn('careful', { n: 1 });
      console.error('login failed password=%s', 'hunter2');
      console.debug('debugging');
      console.trace('tracing');
      restore();
      restore();
      console.log('after restore');
      const lines = await p.lines();
      expect(lines.map((l) => [l['level'], l['message'], l['target']])).to.deep.equal([
        ['INFO', 'hello world', 'console'],
        ['INFO', 'info line', 'console'],
        ['WARN', 'careful { n: 1 }', 'console'],
        ['ERROR', 'login failed password=[REDACTED]', 'console'],
        ['DEBUG', 'debugging', 'console'],
        ['TRACE', 'tracing', 'console'],
      ]);
      expect(spy.calls).to.deep.equal([['log', 'after restore']]);
      for (const m of METHODS) expect((console as unknown as Record<Method, unknown>)[m]).to.equal(spy.spies.get(m));
    } finally {
      spy.restore();
    }
  });

  it('passes through to the original console when asked', async () => {
    const spy = spyConsole();
    try {
      const p = buildPipeline();
      const restore = captureConsole({ loggerProvider: p.provider, methods: ['warn'], passThrough: true });
      console.warn('both');
      console.log('only original');
      restore();
      expect((await p.lines()).map((l) => l['message'])).to.deep.equal(['both']);
      expect(spy.calls).to.deep.equal([['warn', 'both'], ['log', 'only original']]);
    } finally {
      spy.restore();
    }
  });

  it('does not loop when a processor or an exporter writes to the console', async () => {
    const spy = spyConsole();
    try {
      const exported: string[] = [];
      const printingExporter: LogRecordExporter = {
        export(records: ReadableLogRecord[], done: (result: ExportResult) => void) {
          for (const r of records) {
            exported.push(String(r.body));
            console.log('exporting', String(r.body));
          }
          done({ code: ExportResultCode.SUCCESS });
        },
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      };
      const chatty: LogRecordProcessor = {
        onEmit(record: ReadWriteLogRecord, _ctx?: Context) {
          console.error('processor saw', String(record.body));
        },
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      };
      const provider = new LoggerProvider({
        processors: [chatty, new BatchLogRecordProcessor({ exporter: printingExporter, scheduledDelayMillis: 5 })],
      });
      const restore = captureConsole({ loggerProvider: provider });
      console.info('one line');
      await provider.forceFlush();
      await new Promise((r) => setTimeout(r, 20));
      await provider.forceFlush();
      restore();
      await provider.shutdown();
      expect(exported).to.deep.equal(['one line']);
      expect(spy.calls).to.deep.equal([
        ['error', 'processor saw one line'],
        ['log', 'exporting one line'],
      ]);
    } finally {
      spy.restore();
    }
  });
});
