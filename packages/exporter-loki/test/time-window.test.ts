import { expect } from 'chai';
import { LokiLogRecordExporter } from '../src/exporter';
import type { LokiExporterOptions } from '../src/config';
import { ConfigurationError } from '@dynamo-logging/core';
import { LokiReceiver } from './helpers/loki-receiver';
import { hrAgo, makeRecords } from './helpers/records';
import { exportAll } from './helpers/export';

const RESOURCE = { 'service.name': 'frontend', namespace: 'dynamo', component: 'router' };
const STREAM = '{component="router", level="info", namespace="dynamo", service_name="frontend"}';
const DAY = 24 * 3600 * 1000;

function messages(receiver: LokiReceiver): string[] {
  return receiver.entries(STREAM).map((entry) => (JSON.parse(entry.line) as { message: string }).message);
}

/**
 * Loki's distributor refuses entries older than `reject_old_samples_max_age` or further ahead than
 * `creation_grace_period`. When the same push also meets an ingester error, Loki answers with the ingester's text
 * alone, so those refusals would be counted as delivered. The exporter leaves them out before sending.
 */
describe('Loki time window: records Loki would refuse for their time', () => {
  let receiver: LokiReceiver | undefined;
  let exporter: LokiLogRecordExporter | undefined;
  afterEach(async () => {
    await exporter?.shutdown();
    await receiver?.close();
    exporter = undefined;
    receiver = undefined;
  });

  function make(options: LokiExporterOptions): LokiLogRecordExporter {
    exporter = new LokiLogRecordExporter({ env: {}, delivery: 'inline', ...options });
    return exporter;
  }

  it('a push with an out-of-order entry and a week-old one: each counted by its own reason, none as exported', async () => {
    receiver = await LokiReceiver.start({ unorderedWrites: false });
    const e = make({ endpoint: receiver.url });
    await exportAll(e, makeRecords(RESOURCE, [{ message: 'newest', time: hrAgo(1000) }]));
    await e.forceFlush();
    await exportAll(e, makeRecords(RESOURCE, [
      { message: 'ancient', time: hrAgo(8 * DAY) },
      { message: 'late', time: hrAgo(5000) },
      { message: 'fresh', time: hrAgo(500) },
    ]));
    await e.forceFlush();
    expect(e.stats().dropped).to.deep.equal({ too_old: 1, out_of_order: 1 });
    expect(e.stats().exported).to.equal(2);
    expect(messages(receiver)).to.deep.equal(['newest', 'fresh']);
    expect(receiver.requests.map((r) => r.status)).to.deep.equal([204, 400]);
  });

  it('older than rejectOldSamplesMaxAgeMillis or past creationGracePeriodMillis: never sent, counted', async () => {
    receiver = await LokiReceiver.start();
    const e = make({ endpoint: receiver.url, rejectOldSamplesMaxAgeMillis: DAY, creationGracePeriodMillis: 60_000 });
    await exportAll(e, makeRecords(RESOURCE, [
      { message: 'two-days', time: hrAgo(2 * DAY) },
      { message: 'hour-ago', time: hrAgo(3600 * 1000) },
      { message: 'in-five-minutes', time: hrAgo(-5 * 60 * 1000) },
      { message: 'now', time: hrAgo(0) },
    ]));
    await e.forceFlush();
    expect(e.stats().dropped).to.deep.equal({ too_old: 1, too_new: 1 });
    expect(messages(receiver)).to.deep.equal(['hour-ago', 'now']);
    expect(receiver.requests.map((r) => r.status)).to.deep.equal([204]);
  });

  it("oldRecords 'restamp': a record older than the window is restamped and stored, not dropped", async () => {
    receiver = await LokiReceiver.start();
    const e = make({ endpoint: receiver.url, oldRecords: 'restamp' });
    await exportAll(e, makeRecords(RESOURCE, [{ message: 'ten-days', time: hrAgo(10 * DAY) }]));
    await e.forceFlush();
    expect(e.stats().dropped).to.deep.equal({});
    expect(e.stats().restamped).to.equal(1);
    expect(messages(receiver)).to.deep.equal(['ten-days']);
  });

  it('a batch wholly outside the window sends nothing', async () => {
    receiver = await LokiReceiver.start();
    const e = make({ endpoint: receiver.url });
    await exportAll(e, makeRecords(RESOURCE, [{ message: 'a', time: hrAgo(8 * DAY) }, { message: 'b', time: hrAgo(9 * DAY) }]));
    await e.forceFlush();
    expect(e.stats().dropped).to.deep.equal({ too_old: 2 });
    expect(receiver.requests).to.have.length(0);
  });

  it('a window option that is not a positive integer is a ConfigurationError naming it', () => {
    expect(() => make({ endpoint: 'http://127.0.0.1:1', rejectOldSamplesMaxAgeMillis: 0 })).to.throw(ConfigurationError, /rejectOldSamplesMaxAgeMillis/);
    expect(() => make({ endpoint: 'http://127.0.0.1:1', creationGracePeriodMillis: -1 })).to.throw(ConfigurationError, /creationGracePeriodMillis/);
  });
});
