import { expect } from 'chai';
import { ConfigurationError } from '@dynamo-logging/core';
import { RESOURCE, storedMessages, useLokiExporter } from './helpers/exporter-fixture';
import { hrAgo, makeRecords } from './helpers/records';
import { exportAll } from '@dynamo-logging/test-kit';

const DAY = 24 * 3600 * 1000;

/**
 * Loki's distributor refuses entries older than `reject_old_samples_max_age` or further ahead than
 * `creation_grace_period`. When the same push also meets an ingester error, Loki answers with the ingester's text
 * alone, so those refusals would be counted as delivered. The exporter leaves them out before sending.
 */
describe('Loki time window: records Loki would refuse for their time', () => {
  const { start, make } = useLokiExporter({ delivery: 'inline' });

  it('a push with an out-of-order entry and a week-old one: each counted by its own reason, none as exported', async () => {
    const receiver = await start({ unorderedWrites: false });
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
    expect(storedMessages(receiver)).to.deep.equal(['newest', 'fresh']);
    expect(receiver.requests.map((r) => r.status)).to.deep.equal([204, 400]);
  });

  it('older than rejectOldSamplesMaxAgeMillis or past creationGracePeriodMillis: never sent, counted', async () => {
    const receiver = await start();
    const e = make({ endpoint: receiver.url, rejectOldSamplesMaxAgeMillis: DAY, creationGracePeriodMillis: 60_000 });
    await exportAll(e, makeRecords(RESOURCE, [
      { message: 'two-days', time: hrAgo(2 * DAY) },
      { message: 'hour-ago', time: hrAgo(3600 * 1000) },
      { message: 'in-five-minutes', time: hrAgo(-5 * 60 * 1000) },
      { message: 'now', time: hrAgo(0) },
    ]));
    await e.forceFlush();
    expect(e.stats().dropped).to.deep.equal({ too_old: 1, too_new: 1 });
    expect(storedMessages(receiver)).to.deep.equal(['hour-ago', 'now']);
    expect(receiver.requests.map((r) => r.status)).to.deep.equal([204]);
  });

  it("oldRecords 'restamp': a record older than the window is restamped and stored, not dropped", async () => {
    const receiver = await start();
    const e = make({ endpoint: receiver.url, oldRecords: 'restamp' });
    await exportAll(e, makeRecords(RESOURCE, [{ message: 'ten-days', time: hrAgo(10 * DAY) }]));
    await e.forceFlush();
    expect(e.stats().dropped).to.deep.equal({});
    expect(e.stats().restamped).to.equal(1);
    expect(storedMessages(receiver)).to.deep.equal(['ten-days']);
  });

  it('a batch wholly outside the window sends nothing', async () => {
    const receiver = await start();
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
