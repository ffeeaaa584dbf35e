import { describeExporterConformance } from '@dynamo-logging/test-kit';
import type { ConformanceReceiver, ExporterAdapter } from '@dynamo-logging/test-kit';
import { ElasticInlineExporter } from '../src/inline-exporter';
import { makeRecord, TIME } from './helpers/records';
import { StrictEsReceiver } from './helpers/strict-es-receiver';

const API_KEY = 'conformance-api-key-5e1d09';

/** The strict Elasticsearch receiver, as the suite reads it. */
class Receiver implements ConformanceReceiver {
  constructor(readonly es: StrictEsReceiver) {}
  get url(): string {
    return this.es.url;
  }
  stored(): string[] {
    return this.es.documents().map((d) => String(d.source['message']));
  }
  close(): Promise<void> {
    return this.es.close();
  }
}

const elastic: ExporterAdapter<Receiver> = {
  name: 'Elasticsearch',
  secrets: [API_KEY],
  async startReceiver(port) {
    return new Receiver(await new StrictEsReceiver({ authorization: `ApiKey ${API_KEY}` }).start(port));
  },
  makeExporter(url, clock, options) {
    return new ElasticInlineExporter(
      { url, apiKey: API_KEY, env: {}, ...options },
      { clock },
    );
  },
  records(n, prefix, attributes) {
    return Array.from({ length: n }, (_, i) => makeRecord({ body: `${prefix}${i}`, hrTime: [TIME[0], TIME[1] + i * 1000], attributes: { request_id: `r-${i}`, ...(attributes?.(i) ?? {}) } }));
  },
  refuseCredentials(receiver) {
    receiver.es.authorization = 'ApiKey another-key';
    return { fix: () => (receiver.es.authorization = `ApiKey ${API_KEY}`) };
  },
  askToWait(receiver, status, seconds) {
    receiver.es.failNext(1, { status, headers: { 'retry-after': String(seconds) } });
  },
  answerLate(receiver, ms) {
    // Stored at once, answered late: the resend's create actions meet 409 conflicts, counted as duplicates suppressed.
    receiver.es.delayReplies(ms);
  },
  limitBodies(receiver, bytes) {
    receiver.es.maxContentLength = bytes;
  },
  refuseOne(receiver, message) {
    // A bulk reply of 200 with `errors: true` and one item 400.
    receiver.es.failItems((source) => (source['message'] === message ? { status: 400, type: 'document_parsing_exception', reason: '[1:42] failed to parse field [dynamo.pad] of type [long]' } : undefined));
    return { reason: 'mapping_error' };
  },
};

describeExporterConformance(elastic);
