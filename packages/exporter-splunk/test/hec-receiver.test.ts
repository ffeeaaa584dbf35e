import { expect } from 'chai';
import { HecReceiver } from './helpers/hec-receiver';
import { post } from './helpers/post';

const TOKEN = 'aaaaaaaa-0000-0000-0000-000000000001';
const ACK_TOKEN = 'aaaaaaaa-0000-0000-0000-000000000002';
const CHANNEL = '0f6f1c2e-8a4b-4c1d-9e2f-3a4b5c6d7e8f';
const AUTH = { Authorization: `Splunk ${TOKEN}` };
const EVENT = '/services/collector/event';

// The strict receiver is the yardstick for every exporter test, so its own rules are pinned here.
describe('strict HEC receiver', () => {
  let hec: HecReceiver;
  beforeEach(async () => {
    hec = await new HecReceiver({
      [TOKEN]: { indexes: ['main', 'audit'] },
      [ACK_TOKEN]: { ack: true },
      'disabled-token': { disabled: true },
    }).start();
  });
  afterEach(() => hec.close());

  it('accepts gzip concatenated objects with whitespace between them: code 0', async () => {
    const body = '{"time":1761944805.397194,"event":{"message":"a"}}  \n{"time":"1761944806.5","event":"b","index":"main","fields":{"k":"v","n":1,"arr":["x",2]}}';
    const r = await post(hec.url, EVENT, body, AUTH, { gzip: true });
    expect(r).to.deep.equal({ status: 200, body: { text: 'Success', code: 0 } });
    expect(hec.events.map((e) => e.time)).to.deep.equal([1761944805.397194, 1761944806.5]);
  });

  it('token checks: missing 401/2, malformed 401/3, unknown 403/4, disabled 403/1, query string 400/16', async () => {
    expect(await post(hec.url, EVENT, '{"event":"x"}')).to.deep.equal({ status: 401, body: { text: 'Token is required', code: 2 } });
    expect(await post(hec.url, EVENT, '{"event":"x"}', { Authorization: `Bearer ${TOKEN}` })).to.deep.equal({ status: 401, body: { text: 'Invalid authorization', code: 3 } });
    expect(await post(hec.url, EVENT, '{"event":"x"}', { Authorization: 'Splunk nope' })).to.deep.equal({ status: 403, body: { text: 'Invalid token', code: 4 } });
    expect(await post(hec.url, EVENT, '{"event":"x"}', { Authorization: 'Splunk disabled-token' })).to.deep.equal({ status: 403, body: { text: 'Token disabled', code: 1 } });
    expect(await post(hec.url, EVENT + '?token=' + TOKEN, '{"event":"x"}')).to.deep.equal({ status: 400, body: { text: 'Query string authorization is not enabled', code: 16 } });
  });

  it('body checks: empty 400/5, unparseable 400/6, event missing 12, blank 13, null 6', async () => {
    expect(await post(hec.url, EVENT, '', AUTH)).to.deep.equal({ status: 400, body: { text: 'No data', code: 5 } });
    expect((await post(hec.url, EVENT, '[{"event":"x"}]', AUTH)).body).to.deep.equal({ text: 'Invalid data format', code: 6, 'invalid-event-number': 0 });
    expect((await post(hec.url, EVENT, '{"event":"a"}{"host":"h"}', AUTH)).body).to.deep.equal({ text: 'Event field is required', code: 12, 'invalid-event-number': 1 });
    expect((await post(hec.url, EVENT, '{"event":"a"}{"event":"b"}{"event":"  "}', AUTH)).body).to.deep.equal({ text: 'Event field cannot be blank', code: 13, 'invalid-event-number': 2 });
    expect((await post(hec.url, EVENT, '{"event":null}', AUTH)).body).to.include({ code: 6 });
    // Events before the bad one were indexed.
    expect(hec.events.map((e) => e.event)).to.deep.equal(['a', 'a', 'b']);
  });

  it('time: numbers and numeric strings pass, ISO strings and exponent notation give 15', async () => {
    expect((await post(hec.url, EVENT, '{"time":"2025-10-31T21:06:45Z","event":"x"}', AUTH)).body).to.include({ code: 15 });
    expect((await post(hec.url, EVENT, '{"time":1.7619448e9,"event":"x"}', AUTH)).body).to.include({ code: 15 });
    expect((await post(hec.url, EVENT, '{"time":1761944805,"event":"x"}', AUTH)).body).to.include({ code: 0 });
  });

  it('fields must be flat: nested object or nested array give 400/15', async () => {
    const r = await post(hec.url, EVENT, '{"event":"x","fields":{"a":{"b":1}}}', AUTH);
    expect(r).to.deep.equal({ status: 400, body: { text: 'Error in handling indexed fields', code: 15, 'invalid-event-number': 0 } });
    expect((await post(hec.url, EVENT, '{"event":"x","fields":{"a":[[1]]}}', AUTH)).body).to.include({ code: 15 });
    expect((await post(hec.url, EVENT, '{"event":"x","fields":{"a":true}}', AUTH)).body).to.include({ code: 15 });
  });

  it('index allow-list: 400/7 with the event number', async () => {
    const r = await post(hec.url, EVENT, '{"event":"ok","index":"main"}{"event":"no","index":"secret"}', AUTH);
    expect(r).to.deep.equal({ status: 400, body: { text: 'Incorrect index', code: 7, 'invalid-event-number': 1 } });
  });

  it('channel rules with an ack token: missing 400/10, not a GUID 400/11, ackIds per channel', async () => {
    const auth = { Authorization: `Splunk ${ACK_TOKEN}` };
    expect((await post(hec.url, EVENT, '{"event":"x"}', auth)).body).to.deep.equal({ text: 'Data channel is missing', code: 10 });
    expect((await post(hec.url, EVENT, '{"event":"x"}', { ...auth, 'X-Splunk-Request-Channel': 'abc' })).body).to.deep.equal({ text: 'Invalid data channel', code: 11 });
    const ok = { ...auth, 'X-Splunk-Request-Channel': CHANNEL };
    expect((await post(hec.url, EVENT, '{"event":"x"}', ok)).body).to.deep.equal({ text: 'Success', code: 0, ackId: 0 });
    expect((await post(hec.url, EVENT, '{"event":"y"}', ok)).body).to.deep.equal({ text: 'Success', code: 0, ackId: 1 });
    hec.ack = { delayPolls: 1 };
    expect((await post(hec.url, '/services/collector/ack', '{"acks":[0,1,7]}', ok)).body).to.deep.equal({ acks: { '0': false, '1': false, '7': false } });
    expect((await post(hec.url, '/services/collector/ack', '{"acks":[0,1]}', ok)).body).to.deep.equal({ acks: { '0': true, '1': true } });
  });

  it('ack endpoint on a token without ack: 400/14; health endpoint: 200/17, unhealthy 503', async () => {
    expect(await post(hec.url, '/services/collector/ack', '{"acks":[0]}', { ...AUTH, 'X-Splunk-Request-Channel': CHANNEL })).to.deep.equal({ status: 400, body: { text: 'ACK is disabled', code: 14 } });
    expect(await post(hec.url, '/services/collector/health', '', {}, { method: 'GET' })).to.deep.equal({ status: 200, body: { text: 'HEC is healthy', code: 17 } });
    hec.healthy = false;
    expect((await post(hec.url, '/services/collector/health', '', {}, { method: 'GET' })).status).to.equal(503);
  });
});
