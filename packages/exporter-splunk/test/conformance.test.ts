import { describeExporterConformance } from '@dynamo-logging/test-kit';
import type { ExporterAdapter } from '@dynamo-logging/test-kit';
import { SplunkInlineExporter } from '../src/inline-exporter';
import { HecReceiver, reply } from './helpers/hec-receiver';
import { record } from './helpers/records';

const TOKEN = '7c0ffee1-2b3c-4d5e-8f90-a1b2c3d4e5f6';

const splunk: ExporterAdapter<HecReceiver> = {
  name: 'Splunk HEC',
  secrets: [TOKEN],
  async startReceiver(port) {
    return new HecReceiver({ [TOKEN]: { indexes: ['main'] } }).start(port);
  },
  stored: (hec) => hec.messages(),
  makeExporter(url, clock, options) {
    return new SplunkInlineExporter(
      { endpoint: url, token: TOKEN, index: 'main', env: {}, healthCheck: false, ...options },
      { clock },
    );
  },
  records(n, prefix, attributes) {
    return Array.from({ length: n }, (_, i) => record({ body: `${prefix}${i}`, hrTime: [1761944805 + i, 1000 * i], attributes: attributes?.(i) ?? {} }));
  },
  refuseCredentials(hec) {
    // HEC answers an unknown token with 403 (code 4) until the operator creates it.
    hec.tokens.delete(TOKEN);
    return { fix: () => hec.tokens.set(TOKEN, { indexes: ['main'] }) };
  },
  askToWait(hec, status, seconds) {
    const busy = status === 503 ? reply(9) : { status: 429, body: 'Too Many Requests' };
    hec.forced.push({ ...busy, headers: { 'Retry-After': String(seconds) } });
  },
  answerLate(hec, ms) {
    // Without acknowledgment HEC cannot tell a resend from new events: the late request here was not committed.
    hec.forced.push({ ...reply(0), delayMs: ms });
  },
  limitBodies(hec, bytes) {
    hec.maxContentLength = bytes;
  },
  refuseOne(hec, message) {
    // HEC indexes the events before the bad one and names it in `invalid-event-number`.
    hec.inject = (event) => ((event.event as { message?: string }).message === message ? 15 : undefined);
    return { reason: 'indexed_fields_error' };
  },
};

describeExporterConformance(splunk);
