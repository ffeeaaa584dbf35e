import { describeExporterConformance } from '@dynamo-logging/test-kit';
import type { ExporterAdapter } from '@dynamo-logging/test-kit';
import { ElasticInlineExporter } from '../src/inline-exporter';
import { makeRecord, TIME } from './helpers/records';
import { StrictEsReceiver } from './helpers/strict-es-receiver';

const API_KEY = 'conformance-api-key-5e1d09';

const elastic: ExporterAdapter<StrictEsReceiver> = {
  name: 'Elasticsearch',
  secrets: [API_KEY],
  async startReceiver(port) {
    return new StrictEsReceiver({ authorization: `ApiKey ${API_KEY}` }).start(port);
  },
  stored: (es) => es.documents().map((d) => String(d.source['message'])),
  makeExporter(url, clock, options) {
    return new ElasticInlineExporter(
      { url, apiKey: API_KEY, env: {}, ...options },
      { clock },
    );
  },
  records(n, prefix, attributes) {
    return Array.from({ length: n }, (_, i) => makeRecord({ body: `${prefix}${i}`, hrTime: [TIME[0], TIME[1] + i * 1000], attributes: { request_id: `r-${i}`, ...(attributes?.(i) ?? {}) } }));
  },
  refuseCredentials(es) {
    es.authorization = 'ApiKey another-key';
    return { fix: () => (es.authorization = `ApiKey ${API_KEY}`) };
  },
  askToWait(es, status, seconds) {
    es.failNext(1, { status, headers: { 'retry-after': String(seconds) } });
  },
  answerLate(es, ms) {
    // Stored at once, answered late: the resend's create actions meet 409 conflicts, counted as duplicates suppressed.
    es.delayReplies(ms);
  },
  limitBodies(es, bytes) {
    es.maxContentLength = bytes;
  },
  refuseOne(es, message) {
    // A bulk reply of 200 with `errors: true` and one item 400.
    es.failItems((source) => (source['message'] === message ? { status: 400, type: 'document_parsing_exception', reason: '[1:42] failed to parse field [dynamo.pad] of type [long]' } : undefined));
    return { reason: 'mapping_error' };
  },
};

describeExporterConformance(elastic);
