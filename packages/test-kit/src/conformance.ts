import { expect } from 'chai';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { DiagCapture } from './diag-capture';
import { exportOrThrow, sleep, waitFor } from './export';
import { closedPort } from './fault-server';
import { TestClock } from './test-clock';

/** The counters of core's DeliveryStats the suite reads. */
export type ConformanceStats = Readonly<{ exported: number; retried: number; queueDepth: number; dropped: Readonly<Record<string, number>>; requests: Readonly<Record<string, number>> }>;

export interface ConformanceExporter extends LogRecordExporter {
  stats(): ConformanceStats;
}

/** Options the suite sets on every exporter. */
export interface ConformanceOptions {
  readonly retry: { readonly initialIntervalMillis: number; readonly maxIntervalMillis: number; readonly maxElapsedTimeMillis: number };
  readonly flushTimeoutMillis: number;
  readonly timeoutMillis?: number;
}

/** Backoffs cost nothing on the test clock: long ones keep the number of attempts (real round trips) small. */
const RETRY = { initialIntervalMillis: 100, maxIntervalMillis: 1_000, maxElapsedTimeMillis: 10_000 };

/** A package's own strict receiver, as the suite sees it. */
export interface ConformanceReceiver {
  readonly url: string;
  close(): Promise<void>;
}

/** How the suite reaches one exporter: what is particular to its package. */
export interface ExporterAdapter<R extends ConformanceReceiver = ConformanceReceiver> {
  /** Loki, Splunk HEC, Elasticsearch. */
  readonly name: string;
  /** The credentials the exporter is configured with: none may appear in any diag line or error. */
  readonly secrets: readonly string[];
  /** Starts the package's strict receiver, on `port` when given, accepting the adapter's credentials. */
  startReceiver(port?: number): Promise<R>;
  /** The messages of every record the receiver stored, in order, a record stored twice appearing twice. */
  stored(receiver: R): string[];
  /**
   * An exporter with `delivery: 'inline'` to `url` with the adapter's credentials and no env, on `clock` (its
   * waits cost no real time); `options` go over the adapter's.
   */
  makeExporter(url: string, clock: TestClock, options: ConformanceOptions): ConformanceExporter;
  /** `n` records whose messages are `${prefix}${i}`, with `attributes(i)` when given, each stored under its message. */
  records(n: number, prefix: string, attributes?: (i: number) => Record<string, string>): ReadableLogRecord[];
  /** The receiver refuses the exporter's credentials (401, or HEC's 403 for an unknown token) until `fix()`. */
  refuseCredentials(receiver: R): { fix(): void };
  /** The next request is answered `status` with `Retry-After: seconds`. */
  askToWait(receiver: R, status: 429 | 503, seconds: number): void;
  /** The next request is answered only after `ms`: stored first where the backend would have stored it. */
  answerLate(receiver: R, ms: number): void;
  /** Request bodies over `bytes` (as received) are refused with 413. */
  limitBodies(receiver: R, bytes: number): void;
  /**
   * The receiver refuses the record whose message is `message` (built with `attributes`, when returned) in the
   * backend's own form of a partial failure (Loki's 400 listing entries, HEC's invalid-event-number, a bulk
   * item error); returns the reason the exporter counts its drop under.
   */
  refuseOne(receiver: R, message: string, index: number): { reason: string; attributes?: (i: number) => Record<string, string> };
}

const messages = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const sorted = (values: string[]): string[] => [...values].sort();

/**
 * The behaviour every HTTP exporter owes its backend, run against the
 * package's own strict receiver: outages, refused credentials, Retry-After,
 * timeouts, 413 and partial failures lose nothing and store nothing twice,
 * and no credential reaches a diag line or an error. Each case is bounded in
 * real time: the exporter's waits run on a `TestClock`.
 */
export function describeExporterConformance<R extends ConformanceReceiver>(adapter: ExporterAdapter<R>): void {
  describe(`${adapter.name} exporter conformance`, function () {
    this.timeout(15_000);
    let capture: DiagCapture;
    let clock: TestClock;
    let receiver: R | undefined;
    const exporters: ConformanceExporter[] = [];
    const errors: unknown[] = [];

    beforeEach(() => {
      capture = new DiagCapture().install();
      clock = new TestClock();
      errors.length = 0;
    });
    afterEach(async function () {
      for (const exporter of exporters.splice(0)) await exporter.shutdown().catch((err: unknown) => errors.push(err));
      await receiver?.close();
      receiver = undefined;
      capture.uninstall();
      // Whatever the case did, no credential reached an operator.
      const seen = capture.text() + '\n' + errors.map((e) => (e instanceof Error ? `${e.message} ${e.stack ?? ''}` : String(e))).join('\n');
      for (const secret of adapter.secrets) expect(seen, `${this.currentTest?.title}: a diag line or error leaks a credential`).to.not.include(secret);
    });

    const start = async (port?: number): Promise<R> => (receiver = await adapter.startReceiver(port));
    const make = (url: string, options: Partial<ConformanceOptions> = {}): ConformanceExporter => {
      const exporter = adapter.makeExporter(url, clock, { retry: RETRY, flushTimeoutMillis: 30_000, ...options });
      exporters.push(exporter);
      return exporter;
    };
    const send = (exporter: ConformanceExporter, records: ReadableLogRecord[]): Promise<void> =>
      exportOrThrow(exporter, records).catch((err: unknown) => {
        errors.push(err);
        throw err;
      });

    it('backend down, then up: every record delivered once', async () => {
      const port = await closedPort();
      // While the port is closed, attempts fail at once and each backoff passes at once: the test clock races ahead of
      // real time, so the outage is not bounded by the retry deadline here (that is the credentials case's subject).
      const exporter = make(`http://127.0.0.1:${port}`, { retry: { ...RETRY, maxElapsedTimeMillis: 3_600_000 } });
      await send(exporter, adapter.records(20, 'down'));
      await waitFor(() => (exporter.stats().requests['network'] ?? 0) >= 2, 5_000, 'failed attempts');
      await clock.elapse(2_000);
      expect(exporter.stats().dropped).to.deep.equal({});
      const r = await start(port);
      await exporter.forceFlush();
      expect(sorted(adapter.stored(r))).to.deep.equal(sorted(messages('down', 20)));
      expect(exporter.stats().exported).to.equal(20);
      expect(exporter.stats().retried).to.be.greaterThan(0);
    });

    it('credentials refused: records held in the queue, counted, delivered once the credentials work', async () => {
      const r = await start();
      const refusal = adapter.refuseCredentials(r);
      const exporter = make(r.url);
      await send(exporter, adapter.records(5, 'held'));
      await waitFor(() => (exporter.stats().requests['4xx'] ?? 0) >= 3, 5_000, 'refused attempts');
      // Past the retry deadline of a transient failure: a credential problem still keeps the records.
      await clock.elapse(RETRY.maxElapsedTimeMillis + 1_000);
      const held = exporter.stats();
      expect(held.dropped).to.deep.equal({});
      expect(held.queueDepth).to.equal(5);
      expect(adapter.stored(r)).to.deep.equal([]);
      refusal.fix();
      await exporter.forceFlush();
      expect(sorted(adapter.stored(r))).to.deep.equal(sorted(messages('held', 5)));
      expect(exporter.stats().exported).to.equal(5);
      expect(exporter.stats().requests['4xx']).to.be.at.least(3);
    });

    for (const status of [429, 503] as const) {
      it(`${status} with Retry-After: 2 waits at least 2 s, then delivers every record once`, async () => {
        const r = await start();
        adapter.askToWait(r, status, 2);
        const exporter = make(r.url);
        await send(exporter, adapter.records(5, `wait${status}-`));
        await exporter.forceFlush();
        expect(Math.max(0, ...clock.waits)).to.be.at.least(2_000);
        expect(sorted(adapter.stored(r))).to.deep.equal(sorted(messages(`wait${status}-`, 5)));
        expect(exporter.stats().retried).to.equal(5);
        expect(exporter.stats().exported).to.equal(5);
      });
    }

    it('a reply slower than timeoutMillis: the request is sent again, and no record is stored twice', async () => {
      const r = await start();
      adapter.answerLate(r, 300);
      const exporter = make(r.url, { timeoutMillis: 100 });
      await send(exporter, adapter.records(6, 'late'));
      await exporter.forceFlush();
      // Let the late reply finish on the server side too.
      await sleep(250);
      expect(exporter.stats().requests['network']).to.equal(1);
      expect(exporter.stats().exported).to.equal(6);
      expect(sorted(adapter.stored(r))).to.deep.equal(sorted(messages('late', 6)));
    });

    it('413: the request is split and sent again until it fits, nothing dropped, nothing twice', async () => {
      const r = await start();
      // A proxy's limit well above any exporter's smallest split (Elastic's stops at 64 KiB).
      adapter.limitBodies(r, 96 * 1024);
      const exporter = make(r.url);
      // Random text in every record, so compression cannot bring the batch under the limit.
      const noise = (): string => Array.from({ length: 100 }, () => Math.random().toString(36).slice(2, 12)).join('');
      await send(exporter, adapter.records(200, 'big', () => ({ pad: noise() })));
      await exporter.forceFlush();
      expect(exporter.stats().requests['4xx']).to.be.greaterThan(0);
      expect(exporter.stats().dropped).to.deep.equal({});
      expect(sorted(adapter.stored(r))).to.deep.equal(sorted(messages('big', 200)));
      expect(exporter.stats().exported).to.equal(200);
    });

    it("partial failure in the backend's own form: the refused record dropped with its reason, the others stored once", async () => {
      const r = await start();
      const { reason, attributes } = adapter.refuseOne(r, 'part3', 3);
      const exporter = make(r.url);
      await send(exporter, adapter.records(8, 'part', attributes));
      await exporter.forceFlush();
      expect(exporter.stats().dropped).to.deep.equal({ [reason]: 1 });
      expect(exporter.stats().exported).to.equal(7);
      expect(sorted(adapter.stored(r))).to.deep.equal(sorted(messages('part', 8).filter((m) => m !== 'part3')));
    });

    it('no credential in diag lines or errors: refused, unreachable, and after shutdown', async () => {
      const r = await start();
      adapter.refuseCredentials(r);
      const refused = make(r.url);
      await send(refused, adapter.records(2, 'secret'));
      await waitFor(() => (refused.stats().requests['4xx'] ?? 0) >= 1, 5_000, 'a refusal');
      const unreachable = make(`http://127.0.0.1:${await closedPort()}`);
      await send(unreachable, adapter.records(2, 'secret'));
      await waitFor(() => (unreachable.stats().requests['network'] ?? 0) >= 1, 5_000, 'a network failure');
      for (const exporter of exporters.splice(0)) await exporter.shutdown();
      await send(refused, adapter.records(1, 'after')).catch(() => undefined);
      expect(errors.length).to.be.greaterThan(0);
      expect(capture.lines.length).to.be.greaterThan(0);
      // The afterEach scans every diag line and error for the adapter's secrets.
    });
  });
}
