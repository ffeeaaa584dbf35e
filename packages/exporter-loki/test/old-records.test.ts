import { expect } from 'chai';
import { LokiLogRecordExporter } from '../src/exporter';
import type { LokiExporterOptions } from '../src/config';
import { exportAll } from '@dynamo-logging/test-kit';
import { LokiReceiver } from './helpers/loki-receiver';
import { hrAgo, makeRecords } from './helpers/records';

const RESOURCE = { 'service.name': 'frontend', namespace: 'dynamo', component: 'router' };
const STREAM = '{component="router", level="info", namespace="dynamo", service_name="frontend"}';
const HOUR = 3600 * 1000;

describe('a backlog older than Loki accepts (oldRecords)', function () {
  this.timeout(20_000);
  let receiver: LokiReceiver;
  let exporter: LokiLogRecordExporter | undefined;
  beforeEach(async () => {
    receiver = await LokiReceiver.start();
  });
  afterEach(async () => {
    await exporter?.shutdown();
    exporter = undefined;
    await receiver.close();
  });

  /** A stream that already has a fresh entry, then a backlog from two hours (and eight days) ago, as a replay after an outage. */
  async function replay(options: LokiExporterOptions, eightDays = true): Promise<LokiLogRecordExporter> {
    exporter = new LokiLogRecordExporter({ endpoint: receiver.url, env: {}, retry: { initialIntervalMillis: 10 }, ...options });
    await exportAll(exporter, makeRecords(RESOURCE, [{ message: 'fresh', time: hrAgo(1000) }]));
    await exporter.forceFlush();
    const backlog = makeRecords(RESOURCE, [
      { message: 'two-hours-1', time: hrAgo(2 * HOUR) },
      { message: 'two-hours-2', time: hrAgo(2 * HOUR - 1) },
      ...(eightDays ? [{ message: 'eight-days', time: hrAgo(8 * 24 * HOUR) }] : []),
    ]);
    await exportAll(exporter, backlog);
    await exporter.forceFlush();
    return exporter;
  }

  it("drop (the default): Loki refuses them and each is counted by Loki's reason", async () => {
    const e = await replay({}, false);
    expect(receiver.entries(STREAM).map((x) => JSON.parse(x.line).message)).to.deep.equal(['fresh']);
    expect(e.stats().dropped).to.deep.equal({ too_far_behind: 2 });
    expect(e.stats().restamped).to.equal(0);
  });

  it('restamp: stored with the time they were sent, the original time in the line and in structured metadata', async () => {
    const e = await replay({ oldRecords: 'restamp', delivery: 'inline' });
    const entries = receiver.entries(STREAM);
    expect(entries.map((x) => JSON.parse(x.line).message)).to.have.members(['fresh', 'two-hours-1', 'two-hours-2', 'eight-days']);
    expect(e.stats().dropped).to.deep.equal({});
    expect(e.stats().restamped).to.equal(3);
    for (const entry of entries.filter((x) => JSON.parse(x.line).message !== 'fresh')) {
      const original = entry.metadata['original_timestamp'];
      expect(original, entry.line).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      // The line keeps the original time; only Loki's entry timestamp is new.
      expect(Date.parse(JSON.parse(entry.line).time)).to.be.closeTo(Date.parse(original!), 1);
    }
  });

  it('restamp through the delivery worker, with the same counters', async () => {
    const e = await replay({ oldRecords: 'restamp' });
    expect(receiver.totalEntries()).to.equal(4);
    expect(e.stats().restamped).to.equal(3);
  });

  it('a bad oldRecords option is a ConfigurationError; a bad DYN_LOKI_OLD_RECORDS falls back to drop', async () => {
    expect(() => new LokiLogRecordExporter({ endpoint: receiver.url, env: {}, oldRecords: 'keep' as never, delivery: 'inline' })).to.throw(/oldRecords/);
    const e = await replay({ env: { DYN_LOKI_OLD_RECORDS: 'keep' }, delivery: 'inline' }, false);
    expect(e.stats().restamped).to.equal(0);
    expect(e.stats().dropped).to.deep.equal({ too_far_behind: 2 });
  });
});
