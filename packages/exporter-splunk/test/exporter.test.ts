import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@dynamo-logging/core';
import { SplunkHecLogRecordExporter, fromEnv } from '../src/index';
import type { SplunkHecOptions } from '../src/index';
import { DiagCapture, exportOrThrow, TestClock, waitFor } from '@dynamo-logging/test-kit';
import { SplunkInlineExporter } from '../src/inline-exporter';
import { HecReceiver, reply } from './helpers/hec-receiver';
import { record, records } from './helpers/records';

const TOKEN = '5f3a9e1c-7b2d-4c8e-9a6f-0123456789ab';
const ACK_TOKEN = '5f3a9e1c-7b2d-4c8e-9a6f-aaaaaaaaaaaa';
const FAST_RETRY = { initialIntervalMillis: 5, maxIntervalMillis: 40, maxElapsedTimeMillis: 5000 };

describe('SplunkHecLogRecordExporter against a strict HEC', () => {
  let hec: HecReceiver;
  let capture: DiagCapture;
  const exporters: Array<{ shutdown(): Promise<void> }> = [];

  function make(options: SplunkHecOptions = {}): SplunkHecLogRecordExporter {
    const e = new SplunkHecLogRecordExporter({ endpoint: hec.url, token: TOKEN, index: 'main', retry: FAST_RETRY, flushTimeoutMillis: 8000, ...options }, {});
    exporters.push(e);
    return e;
  }

  beforeEach(async () => {
    capture = new DiagCapture().install();
    hec = await new HecReceiver({ [TOKEN]: { indexes: ['main', 'audit'] }, [ACK_TOKEN]: { ack: true } }).start();
  });

  afterEach(async () => {
    await Promise.all(exporters.splice(0).map((e) => e.shutdown()));
    await hec.close();
    capture.uninstall();
    // Whatever happened, no diagnostic may carry the token.
    expect(capture.text()).not.to.contain(TOKEN);
    expect(capture.text()).not.to.contain(ACK_TOKEN);
  });

  it('sends gzip concatenated events with the Splunk token and a channel, and counts them', async () => {
    const exporter = make();
    await exportOrThrow(exporter, records(50));
    await exporter.forceFlush();
    expect(hec.messages()).to.deep.equal(records(50).map((r) => r.body));
    const req = hec.requests.find((r) => r.path === '/services/collector/event')!;
    expect(req.headers['authorization']).to.equal(`Splunk ${TOKEN}`);
    expect(req.headers['content-encoding']).to.equal('gzip');
    expect(req.headers['x-splunk-request-channel']).to.equal(exporter.channel);
    expect(req.bodyBytes).to.be.lessThan(req.rawBytes);
    expect(hec.events[0]!.rawTime).to.equal('1761944805.000000');
    expect(hec.events[1]!.rawTime).to.equal('1761944806.000001');
    expect(exporter.stats().exported).to.equal(50);
    expect(exporter.stats().dropped).to.deep.equal({});
  });

  it('splits batches so every body stays below maxContentLength (uncompressed)', async () => {
    const exporter = make({ maxContentLength: 4096 });
    const recs = Array.from({ length: 120 }, (_, i) => record({ body: `m${i} ` + 'y'.repeat(100) }));
    await exportOrThrow(exporter, recs);
    await exporter.forceFlush();
    const posts = hec.requests.filter((r) => r.path === '/services/collector/event');
    expect(posts.length).to.be.greaterThan(4);
    for (const p of posts) expect(p.rawBytes).to.be.at.most(4096);
    expect(hec.events.length).to.equal(120);
    expect(new Set(hec.messages()).size).to.equal(120);
  });

  it('code 9 (503 Server is busy) and 429: retried with backoff, delivered once', async () => {
    const exporter = make();
    hec.forced.push(reply(9), { status: 429, body: 'Too Many Requests', headers: { 'Retry-After': '0' } }, reply(9));
    await exportOrThrow(exporter, records(10));
    await exporter.forceFlush();
    expect(hec.messages()).to.deep.equal(records(10).map((r) => r.body));
    expect(exporter.stats().retried).to.be.at.least(30);
    expect(hec.requests.map((r) => r.status)).to.deep.equal([503, 429, 503, 200]);
  });

  it('code 8 (500): retried', async () => {
    const exporter = make();
    hec.forced.push(reply(8));
    await exportOrThrow(exporter, records(4));
    await exporter.forceFlush();
    expect(hec.events.length).to.equal(4);
  });

  it('a disabled token (code 1): reported once with the token masked, records kept past the retry deadline, delivered once fixed', async () => {
    const exporter = make({ retry: { initialIntervalMillis: 5, maxIntervalMillis: 20, maxElapsedTimeMillis: 50 } });
    hec.tokens.set(TOKEN, { disabled: true, indexes: ['main'] });
    await exportOrThrow(exporter, records(7));
    await waitFor(() => hec.requests.length >= 8);
    expect(exporter.stats().dropped).to.deep.equal({});
    expect(exporter.stats().queueDepth).to.equal(7);
    const errors = capture.at('error').filter((l) => l.includes('Token disabled'));
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain('****89ab').and.contain('code 1').and.contain('HTTP 403');
    hec.tokens.set(TOKEN, { indexes: ['main'] });
    await exporter.forceFlush();
    expect(hec.events.length).to.equal(7);
    expect(exporter.stats().exported).to.equal(7);
    expect(capture.at('info').some((l) => l.includes('accepts requests again'))).to.equal(true);
  });

  for (const code of [2, 3, 10, 11, 16]) {
    it(`code ${code}: reported, records kept and resent`, async () => {
      const exporter = make();
      hec.forced.push(reply(code), reply(code));
      await exportOrThrow(exporter, records(5));
      await exporter.forceFlush();
      expect(hec.events.length).to.equal(5);
      expect(exporter.stats().dropped).to.deep.equal({});
      expect(capture.at('error').filter((l) => l.includes(`code ${code}`))).to.have.length(1);
    });
  }

  it('code 7 (index not allowed for the token): those events dropped with the reason, the rest delivered', async () => {
    const exporter = make();
    const recs = records(6);
    (recs[1]!.attributes as Record<string, unknown>)['com.splunk.index'] = 'secret';
    (recs[4]!.attributes as Record<string, unknown>)['com.splunk.index'] = 'secret';
    (recs[5]!.attributes as Record<string, unknown>)['com.splunk.index'] = 'audit';
    await exportOrThrow(exporter, recs);
    await exporter.forceFlush();
    expect(hec.messages()).to.deep.equal(['m0', 'm2', 'm3', 'm5']);
    expect(hec.events.map((e) => e.index)).to.deep.equal(['main', 'main', 'main', 'audit']);
    expect(exporter.stats().dropped).to.deep.equal({ incorrect_index: 2 });
    expect(hec.requests.filter((r) => r.code === 7)).to.have.length(1);
    expect(capture.text()).to.contain('Incorrect index');
  });

  it('code 5: an empty export sends nothing', async () => {
    const exporter = make();
    await exportOrThrow(exporter, []);
    await exporter.forceFlush();
    expect(hec.requests).to.have.length(0);
  });

  it('a token with acknowledgment on needs a channel (code 10): we always send one, so ack=false still works', async () => {
    const exporter = make({ token: ACK_TOKEN, index: undefined });
    await exportOrThrow(exporter, records(3));
    await exporter.forceFlush();
    expect(hec.events.length).to.equal(3);
    expect(hec.requests.some((r) => r.code === 10)).to.equal(false);
  });

  it('health check (code 17) runs before the first send; an unhealthy HEC is reported and sending goes on', async () => {
    const exporter = make({ healthCheck: true });
    await exportOrThrow(exporter, records(2));
    await exporter.forceFlush();
    expect(hec.requests.map((r) => [r.method, r.path])).to.deep.equal([
      ['GET', '/services/collector/health'],
      ['POST', '/services/collector/event'],
    ]);
    expect(hec.requests[0]!.code).to.equal(17);
    hec.healthy = false;
    const second = make({ healthCheck: true });
    await exportOrThrow(second, records(2));
    await second.forceFlush();
    expect(capture.at('warn').some((l) => l.includes('health check failed') && l.includes('HTTP 503'))).to.equal(true);
    expect(hec.events.length).to.equal(4);
  });

  describe('indexer acknowledgment', () => {
    // Inline and on the test clock: poll intervals and ack timeouts cost no real time.
    let clock: TestClock;
    beforeEach(() => {
      clock = new TestClock();
    });
    function makeInline(options: SplunkHecOptions = {}): SplunkInlineExporter {
      const e = new SplunkInlineExporter({ endpoint: hec.url, token: TOKEN, index: 'main', retry: FAST_RETRY, flushTimeoutMillis: 8000, env: {}, ...options }, { clock });
      exporters.push(e);
      return e;
    }

    it('a request counts as delivered only once its ackId is acknowledged (delayed acks)', async () => {
      hec.ack = { delayPolls: 3 };
      const exporter = makeInline({ token: ACK_TOKEN, index: undefined, ack: true, ackPollIntervalMillis: 10, ackTimeoutMillis: 5000 });
      await exportOrThrow(exporter, records(20));
      await exporter.forceFlush();
      expect(hec.ackPolls).to.be.at.least(4);
      expect(exporter.stats().exported).to.equal(20);
      expect(hec.messages()).to.deep.equal(records(20).map((r) => r.body));
      const ackReq = hec.requests.find((r) => r.path === '/services/collector/ack')!;
      expect(ackReq.headers['x-splunk-request-channel']).to.equal(exporter.channel);
      expect(ackReq.headers['authorization']).to.equal(`Splunk ${ACK_TOKEN}`);
    });

    it('a lost acknowledgment: the request is resent after ackTimeoutMillis (at-least-once)', async () => {
      hec.ack = { lose: (id) => id === 0 };
      const exporter = makeInline({ token: ACK_TOKEN, index: undefined, ack: true, ackPollIntervalMillis: 10, ackTimeoutMillis: 300 });
      const started = clock.now();
      await exportOrThrow(exporter, records(6));
      await exporter.forceFlush();
      expect(clock.now() - started).to.be.at.least(300);
      // The lost request's events were never committed; the resend is what put them in the index.
      expect(hec.messages()).to.deep.equal(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
      expect(hec.events.every((e) => e.ackId === 1)).to.equal(true);
      expect(exporter.stats().retried).to.equal(6);
      expect(exporter.stats().exported).to.equal(6);
    });

    it('acknowledgment turned off on the token while acks are pending (code 14): reported, delivered on HEC success', async () => {
      hec.ack = { delayPolls: 1000 };
      const exporter = makeInline({ token: ACK_TOKEN, index: undefined, ack: true, ackPollIntervalMillis: 10, ackTimeoutMillis: 5000 });
      await exportOrThrow(exporter, records(4));
      await waitFor(() => hec.ackPolls >= 1);
      hec.tokens.set(ACK_TOKEN, { ack: false });
      await exporter.forceFlush();
      expect(hec.requests.some((r) => r.path === '/services/collector/ack' && r.code === 14 && r.status === 400)).to.equal(true);
      expect(capture.at('warn').some((l) => l.includes('code 14'))).to.equal(true);
      expect(exporter.stats().exported).to.equal(4);
      expect(exporter.stats().retried).to.equal(0);
    });

    it('ack on, but the token has acknowledgment off: no ackId, delivered on HEC success without polling', async () => {
      const exporter = makeInline({ ack: true, ackPollIntervalMillis: 10 });
      await exportOrThrow(exporter, records(3));
      await exporter.forceFlush();
      expect(hec.events.length).to.equal(3);
      expect(exporter.stats().exported).to.equal(3);
      expect(hec.ackPolls).to.equal(0);
    });

    it('with an on-disk queue, records not yet acknowledged at shutdown are sent by the next process', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'splunk-ack-'));
      try {
        hec.ack = { lose: () => true };
        const first = makeInline({ token: ACK_TOKEN, index: undefined, ack: true, ackPollIntervalMillis: 10, flushTimeoutMillis: 200, queue: { directory: dir } });
        await exportOrThrow(first, records(5));
        await waitFor(() => hec.ackPolls >= 2);
        await first.shutdown();
        expect(first.stats().exported).to.equal(0);
        expect(hec.events).to.have.length(0);
        hec.ack = {};
        const second = makeInline({ token: ACK_TOKEN, index: undefined, ack: true, ackPollIntervalMillis: 10, queue: { directory: dir } });
        await waitFor(() => second.stats().exported === 5);
        expect(hec.messages()).to.deep.equal(['m0', 'm1', 'm2', 'm3', 'm4']);
        await second.shutdown();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('shutdown while acknowledgments are pending stops polling and does not count them as delivered', async () => {
      hec.ack = { delayPolls: 1000 };
      const exporter = makeInline({ token: ACK_TOKEN, index: undefined, ack: true, ackPollIntervalMillis: 10, flushTimeoutMillis: 200 });
      await exportOrThrow(exporter, records(2));
      await waitFor(() => hec.ackPolls >= 2);
      await exporter.shutdown();
      const polls = hec.ackPolls;
      expect(exporter.stats().exported).to.equal(0);
      expect(exporter.stats().dropped).to.deep.equal({ shutdown: 2 });
      await new Promise((r) => setTimeout(r, 50));
      expect(hec.ackPolls).to.equal(polls);
    });
  });

  describe('fromEnv', () => {
    it('throws a ConfigurationError naming DYN_SPLUNK_HEC_URL when it is missing', () => {
      expect(() => fromEnv({ DYN_SPLUNK_HEC_TOKEN: TOKEN })).to.throw(ConfigurationError, /DYN_SPLUNK_HEC_URL/);
    });

    it('ships with index, source, sourcetype from DYN_SPLUNK_*', async () => {
      const exporter = fromEnv(
        { DYN_SPLUNK_HEC_URL: hec.url, DYN_SPLUNK_HEC_TOKEN: TOKEN, DYN_SPLUNK_INDEX: 'audit', DYN_SPLUNK_SOURCE: 'svc', DYN_SPLUNK_SOURCETYPE: 'dynamo:json' },
        { retry: FAST_RETRY },
      );
      exporters.push(exporter);
      await exportOrThrow(exporter, records(2));
      await exporter.forceFlush();
      expect(hec.events.map((e) => [e.index, e.source, e.sourcetype])).to.deep.equal([
        ['audit', 'svc', 'dynamo:json'],
        ['audit', 'svc', 'dynamo:json'],
      ]);
    });
  });
});
