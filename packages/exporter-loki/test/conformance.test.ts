import { describeExporterConformance } from '@dynamo-logging/test-kit';
import type { ConformanceReceiver, ExporterAdapter } from '@dynamo-logging/test-kit';
import { LokiInlineExporter } from '../src/inline-exporter';
import { RESOURCE } from './helpers/exporter-fixture';
import { LokiReceiver } from './helpers/loki-receiver';
import type { FaultReply } from './helpers/loki-receiver';
import { hrAgo, makeRecords } from './helpers/records';

const USER = 'loki-user';
const PASSWORD = 'conformance-pw-7f3a91';
const CREDENTIALS = { username: USER, password: PASSWORD };

/** The strict Loki receiver, with the answers the suite injects ahead of its own handling. */
class Receiver implements ConformanceReceiver {
  /** Answers for the next requests, in order. */
  readonly next: FaultReply[] = [];
  /** Bodies over this many bytes are refused with 413, as a gateway's limit does. */
  limit = Number.POSITIVE_INFINITY;
  loki!: LokiReceiver;

  get url(): string {
    return this.loki.url;
  }
  close(): Promise<void> {
    return this.loki.close();
  }
}

const loki: ExporterAdapter<Receiver> = {
  name: 'Loki',
  secrets: [PASSWORD, Buffer.from(`${USER}:${PASSWORD}`).toString('base64')],
  async startReceiver(port) {
    const receiver = new Receiver();
    receiver.loki = await LokiReceiver.start({
      ...(port !== undefined ? { port } : {}),
      basicAuth: CREDENTIALS,
      fault: (_i, req) => (Number(req.headers['content-length']) > receiver.limit ? { status: 413, body: '413 Request Entity Too Large' } : receiver.next.shift()),
    });
    return receiver;
  },
  stored(receiver) {
    const out: string[] = [];
    for (const entries of receiver.loki.store.get('fake')?.values() ?? []) for (const e of entries) out.push((JSON.parse(e.line) as { message: string }).message);
    return out;
  },
  makeExporter(url, clock, options) {
    return new LokiInlineExporter(
      { endpoint: url, env: {}, ...CREDENTIALS, ...options },
      { clock },
    );
  },
  records(n, prefix, attributes) {
    return makeRecords(RESOURCE, Array.from({ length: n }, (_, i) => ({ message: `${prefix}${i}`, time: hrAgo(10_000 - i), attributes: attributes?.(i) ?? {} })));
  },
  refuseCredentials(receiver) {
    receiver.loki.reconfigure({ basicAuth: { username: USER, password: 'another-password' } });
    return { fix: () => receiver.loki.reconfigure({ basicAuth: CREDENTIALS }) };
  },
  askToWait(receiver, status, seconds) {
    receiver.next.push({ status, body: status === 429 ? 'Ingestion rate limit exceeded for user fake' : 'ingester unavailable', headers: { 'Retry-After': String(seconds) } });
  },
  answerLate(receiver, ms) {
    // Loki stores the push, then answers too late; the resend is dropped by Loki's dedup (same timestamp and line).
    receiver.next.push({ status: 204, delayMs: ms, storeFirst: true });
  },
  limitBodies(receiver, bytes) {
    receiver.limit = bytes;
  },
  refuseOne(receiver, _message, index) {
    // A server whose max_line_size is below the exporter's: that entry is listed in a 400, the others are stored.
    receiver.loki.reconfigure({ maxLineSize: 300 });
    return { reason: 'line_too_long', attributes: (i): Record<string, string> => (i === index ? { pad: 'x'.repeat(400) } : {}) };
  },
};

describeExporterConformance(loki);
