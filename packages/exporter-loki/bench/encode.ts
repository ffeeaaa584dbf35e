/**
 * `node --conditions=source --import tsx bench/encode.ts`: where the encoder's
 * time goes per record, on 1024 real sdk-logs records (the batch size the
 * benchmark uses): the Dynamo line alone (core), then the whole encode.
 */
import { formatDynamoLine } from '@dynamo-logging/core/delivery';
import { resolveConfig } from '../src/config';
import { LokiEncoder } from '../src/encode';
import { makeRecords } from '../test/helpers/records';

const records = makeRecords({ 'service.name': 'frontend', namespace: 'dynamo', component: 'http' }, Array.from({ length: 1024 }, (_, i) => ({
  message: `bench-${i} Registering new stream`,
  attributes: { request_id: `req-${i}`, x_request_id: `8372eac7-5f43-4d76-beca-${String(i).padStart(12, '0')}`, model: 'llama-3-8b', method: 'POST', uri: '/v1/chat/completions' },
})));
const encoder = new LokiEncoder(resolveConfig({ endpoint: 'http://127.0.0.1:1', env: {} }));

function time(name: string, fn: () => unknown): void {
  for (let i = 0; i < 50; i++) fn();
  const rounds = 200;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn();
  console.log(`${name.padEnd(28)} ${(Number(process.hrtime.bigint() - t0) / rounds / records.length).toFixed(0)} ns/record`);
}

time('formatDynamoLine (core)', () => records.map((r) => formatDynamoLine(r)));
time('LokiEncoder.encode (all)', () => encoder.encode(records));

if (process.env.BENCH_DETAIL) {
  /* eslint-disable */
  const { LabelMapper } = require('../src/labels');
  const { metadataOf, metadataKeys } = require('../src/entry');
  const { encodePushRequest } = require('../src/push-proto');
  const { compressSync } = require('snappy');
  const config = resolveConfig({ endpoint: 'http://127.0.0.1:1', env: {} });
  const mapper = new LabelMapper(config);
  const names = metadataKeys(config);
  time('labelsFor', () => records.map((r) => mapper.labelsFor(r)));
  time('metadataOf', () => records.map((r) => metadataOf(r, config, names)));
  const lines = records.map((r) => formatDynamoLine(r));
  const stream = { labels: '{a="b"}', seconds: records.map((r) => r.hrTime[0]), nanos: records.map((r) => r.hrTime[1]), lines, metadata: records.map((r) => metadataOf(r, config, names)) };
  const scratch = Buffer.allocUnsafeSlow(2e6);
  time('encodePushRequest', () => encodePushRequest([stream], scratch));
  const raw = Buffer.from(encodePushRequest([stream]));
  time('snappy compressSync', () => compressSync(raw));
}
